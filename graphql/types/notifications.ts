/** A unit's inbox of escalation notices. */

import { canReadInbox } from '../../services/notifications/access.ts';
import {
  getNotification,
  listNotifications,
  markRead,
  type Notification,
  unreadCount,
} from '../../services/notifications/inbox.ts';
import { authorize } from '../../services/shared/auth/policy.ts';
import type { Actor } from '../../services/shared/auth/principal.ts';
import { BadUserInputError } from '../../services/shared/errors.ts';
import { type Notice, SEVERITIES } from '../../services/shared/events/envelope.ts';
import { pageSize } from '../../services/shared/store/cursor.ts';
import { builder } from '../builder.ts';
import type { AuthenticatedContext } from '../context.ts';
import { domainId, idParts } from '../ids.ts';
import { forwardPageArgs, keyPage } from '../pagination.ts';
import { UnitRef } from './unit.ts';

const SeverityEnum = builder.enumType('Severity', { values: SEVERITIES });

const NoticeSubjectRef = builder.objectRef<Notice['subject']>('NoticeSubject').implement({
  description:
    'The entity a notification is about: a milestone, an outfall, a case, a hand-off step (a snapshot, ' +
    'so it has no `id` of its own).',
  fields: (t) => ({
    type: t.exposeString('type'),
    entityId: t.exposeID('id', { description: 'The entity’s domain id, e.g. `yanhu-2020:6:hitech-wwtp`.' }),
    title: t.exposeString('title', { nullable: true }),
  }),
});

const NotificationRef = builder.objectRef<Notification>('Notification');

/** Whose inbox the actor may read (the notifications policy). */
function mayReadInbox(actor: Actor | null, unitId: string): boolean {
  return !!actor && canReadInbox.allows(actor, { unitId });
}

builder.node(NotificationRef, {
  description: 'One event as one unit’s inbox shows it: each recipient unit has its own, read or not.',
  id: {
    description: '`Notification:<unitId>:<eventId>`.',
    resolve: (n) => `${n.unitId}:${n.id}`,
    parse: (id) => idParts(id, 'Notification', 2),
  },
  loadMany: (ids, ctx) =>
    Promise.all(
      ids.map(async ([unitId, eventId]) =>
        mayReadInbox(ctx.actor, unitId as string)
          ? ((await getNotification(ctx.store, unitId as string, eventId as string)) ?? null)
          : null,
      ),
    ),
  fields: (t) => ({
    eventId: t.exposeID('id', { description: 'The id of the event that caused it.' }),
    detailType: t.exposeString('detailType'),
    severity: t.field({ type: SeverityEnum, resolve: (n) => n.severity }),
    title: t.exposeString('title'),
    subject: t.field({ type: NoticeSubjectRef, resolve: (n) => n.subject }),
    taskId: t.id({
      nullable: true,
      description: 'For milestone notices: the task.',
      resolve: (n) => n.links?.taskId ?? null,
    }),
    milestoneId: t.id({
      nullable: true,
      description: 'For milestone notices: the milestone.',
      resolve: (n) => n.links?.milestoneId ?? null,
    }),
    links: t.field({
      type: 'JSON',
      nullable: true,
      description: 'Other entities the notice concerns, by role, e.g. `{"taskId": "yanhu-2020:6"}`.',
      resolve: (n) => n.links ?? null,
    }),
    dueAt: t.field({ type: 'DateTime', nullable: true, resolve: (n) => n.dueAt ?? null }),
    occurredAt: t.field({ type: 'DateTime', resolve: (n) => n.occurredAt }),
    read: t.boolean({ resolve: (n) => !!n.readAt }),
    readAt: t.field({ type: 'DateTime', nullable: true, resolve: (n) => n.readAt ?? null }),
    unit: t.field({
      type: UnitRef,
      nullable: true,
      resolve: (n, _a, ctx) => ctx.loaders.unit.load(n.unitId),
    }),
  }),
});

/** Whose inbox: the caller's unit; a supervisor may read any unit's. */
function inboxUnit(ctx: AuthenticatedContext, unitIdArg: string | number | null | undefined): string {
  const wanted = unitIdArg == null ? ctx.actor.unitId : domainId(unitIdArg, 'Unit', 'unitId');
  if (!wanted) {
    throw new BadUserInputError([{ field: 'unitId', message: 'your token names no unit: give unitId' }]);
  }
  authorize(ctx.actor, canReadInbox, { unitId: wanted });
  return wanted;
}

/**
 * The event ids of the inbox's notifications named by `ids`: global ids (`Notification:<unitId>:<eventId>`),
 * domain ids (`<unitId>:<eventId>`) or event ids (`Notification.eventId`). An id of another unit's
 * notification is refused: it cannot be marked in this inbox.
 */
function eventIdsIn(unitId: string, ids: readonly (string | number)[]): string[] {
  return ids.map((raw, i) => {
    const field = `ids.${i}`;
    const id = domainId(raw, 'Notification', field);
    const at = id.lastIndexOf(':');
    if (at === -1) return id;
    if (id.slice(0, at) !== unitId) {
      throw new BadUserInputError([{ field, message: `is not a notification of unit ${unitId}` }]);
    }
    return id.slice(at + 1);
  });
}

const NotificationConnectionRef = builder.connectionObject(
  {
    type: NotificationRef,
    name: 'NotificationConnection',
    fields: (tc) => ({
      unreadCount: tc.int({
        resolve: (c, _a, ctx) => unreadCount(ctx.store, (c as unknown as { unitId: string }).unitId),
      }),
    }),
  },
  { name: 'NotificationEdge' },
);

builder.queryFields((t) => ({
  notifications: t.withAuth({ authenticated: true }).field({
    type: NotificationConnectionRef,
    description:
      'Newest first. Defaults to the caller’s unit; a supervisor may pass `unitId` (global or plain). ' +
      'Page size: default 50, at most 100.',
    args: { unreadOnly: t.arg.boolean({ defaultValue: false }), unitId: t.arg.id(), ...forwardPageArgs },
    resolve: async (_root, args, ctx) => {
      const unitId = inboxUnit(ctx, args.unitId);
      const page = await listNotifications(ctx.store, unitId, {
        unreadOnly: args.unreadOnly ?? false,
        first: pageSize(args.first, 'first', 100),
        after: args.after,
      });
      return { ...keyPage(page), unitId };
    },
  }),
}));

builder.mutationField('markNotificationsRead', (t) =>
  t.withAuth({ authenticated: true }).int({
    description:
      'Marks notifications of your unit read (by id — the `id` or `eventId` a notification answers — or ' +
      'all); returns how many changed. A supervisor may pass `unitId`.',
    args: { ids: t.arg.idList(), all: t.arg.boolean(), unitId: t.arg.id() },
    resolve: (_root, args, ctx) => {
      const unitId = inboxUnit(ctx, args.unitId);
      const ids = eventIdsIn(unitId, args.ids ?? []);
      return markRead(ctx.store, unitId, { ids, all: args.all ?? false }, ctx.clock.now());
    },
  }),
);
