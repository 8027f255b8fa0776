/** A unit's inbox of escalation notices. */

import { canReadInbox } from '../../services/notifications/access.ts';
import {
  listNotifications,
  markRead,
  type Notification,
  unreadCount,
} from '../../services/notifications/inbox.ts';
import { authorize } from '../../services/shared/auth/policy.ts';
import { BadUserInputError } from '../../services/shared/errors.ts';
import { type Notice, SEVERITIES } from '../../services/shared/events/envelope.ts';
import { pageSize } from '../../services/shared/store/cursor.ts';
import { builder } from '../builder.ts';
import type { AuthenticatedContext } from '../context.ts';
import { forwardOnly, keyPage } from '../pagination.ts';
import { UnitRef } from './unit.ts';

const SeverityEnum = builder.enumType('Severity', { values: SEVERITIES });

const NoticeSubjectRef = builder.objectRef<Notice['subject']>('NoticeSubject').implement({
  description: 'The entity a notification is about: a milestone, an outfall, a case, a hand-off step.',
  fields: (t) => ({
    type: t.exposeString('type'),
    id: t.exposeID('id'),
    title: t.exposeString('title', { nullable: true }),
  }),
});

const NotificationRef = builder.objectRef<Notification>('Notification').implement({
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The id of the event that caused it.' }),
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

/** Whose inbox: the caller's unit by default; another unit's only as the policy allows (the supervisor). */
function inboxUnit(ctx: AuthenticatedContext, unitId: string | number | null | undefined): string {
  const wanted = unitId != null ? String(unitId) : ctx.actor.unitId;
  if (!wanted) {
    throw new BadUserInputError([{ field: 'unitId', message: 'your token names no unit: give unitId' }]);
  }
  authorize(ctx.actor, canReadInbox, { unitId: wanted });
  return wanted;
}

builder.queryFields((t) => ({
  notifications: t.withAuth({ authenticated: true }).connection(
    {
      type: NotificationRef,
      description: 'Newest first. Defaults to the caller’s unit.',
      args: { unreadOnly: t.arg.boolean({ defaultValue: false }), unitId: t.arg.id() },
      resolve: async (_root, args, ctx) => {
        forwardOnly(args);
        const unitId = inboxUnit(ctx, args.unitId);
        const page = await listNotifications(ctx.store, unitId, {
          unreadOnly: args.unreadOnly ?? false,
          first: pageSize(args.first, 'first', 100),
          after: args.after,
        });
        return { ...keyPage(page), unitId };
      },
    },
    {
      name: 'NotificationConnection',
      fields: (tc) => ({
        unreadCount: tc.int({
          resolve: (c, _a, ctx) => unreadCount(ctx.store, (c as unknown as { unitId: string }).unitId),
        }),
      }),
    },
    { name: 'NotificationEdge' },
  ),
}));

builder.mutationField('markNotificationsRead', (t) =>
  t.withAuth({ authenticated: true }).int({
    description: 'Marks notifications of your unit read (by id, or all); returns how many changed.',
    args: { ids: t.arg.idList(), all: t.arg.boolean(), unitId: t.arg.id() },
    resolve: (_root, args, ctx) =>
      markRead(
        ctx.store,
        inboxUnit(ctx, args.unitId),
        { ids: (args.ids ?? []).map(String), all: args.all ?? false },
        ctx.clock.now(),
      ),
  }),
);
