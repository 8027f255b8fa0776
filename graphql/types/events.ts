/** The event history, for the supervisor and integrators: what happened, oldest first, resumable. */

import { getLoggedEvent, type LoggedEvent, listEvents } from '../../services/events/event-log.ts';
import { hasRole } from '../../services/shared/auth/principal.ts';
import type { BusEvent } from '../../services/shared/events/envelope.ts';
import { pageSize } from '../../services/shared/store/cursor.ts';
import { builder } from '../builder.ts';
import { anyDomainId, idParts } from '../ids.ts';
import { forwardPageArgs, keyPage } from '../pagination.ts';

type EventNode = LoggedEvent & { parsed: BusEvent };

const EventRef = builder.objectRef<EventNode>('Event');

builder.node(EventRef, {
  description: 'One Clearwater event as integrators receive it on the bus.',
  id: { resolve: (e) => e.eventId, parse: (id) => idParts(id, 'Event', 1)[0] as string },
  // The supervisor's and integrators', as `events` is.
  loadMany: (ids, ctx) =>
    Promise.all(
      ids.map(async (id) =>
        hasRole(ctx.actor, 'SUPERVISOR', 'INTEGRATOR')
          ? ((await getLoggedEvent(ctx.store, id)) ?? null)
          : null,
      ),
    ),
  fields: (t) => ({
    eventId: t.exposeID('eventId', { description: 'As `detail.metadata.eventId` on the bus.' }),
    source: t.exposeString('source'),
    detailType: t.exposeString('detailType'),
    occurredAt: t.field({ type: 'DateTime', resolve: (e) => e.occurredAt }),
    entityType: t.exposeString('entityType'),
    entityId: t.exposeString('entityId', { description: 'The entity’s domain id, e.g. `yanhu-2020:6`.' }),
    correlationId: t.exposeString('correlationId'),
    actorId: t.string({ resolve: (e) => e.actor.id }),
    data: t.field({ type: 'JSON', resolve: (e) => e.parsed.detail.data }),
    event: t.field({ type: 'JSON', description: 'The whole EventBridge event.', resolve: (e) => e.parsed }),
  }),
});

const EventFilterInput = builder.inputType('EventFilter', {
  fields: (t) => ({
    source: t.string({ description: 'e.g. clearwater.deadlines' }),
    detailType: t.string({ description: 'e.g. MilestoneOverdue' }),
    entityId: t.string({ description: 'Global (`Task:yanhu-2020:6`) or domain id (`yanhu-2020:6`).' }),
    from: t.field({ type: 'DateTime' }),
    to: t.field({ type: 'DateTime' }),
  }),
});

const EventConnectionRef = builder.connectionObject(
  { type: EventRef, name: 'QueryEventsConnection' },
  { name: 'QueryEventsConnectionEdge' },
);

builder.queryField('events', (t) =>
  t.field({
    type: EventConnectionRef,
    description:
      'Oldest first; keep the last cursor to resume. Supervisor and integrators. Page size: default 50, at most 200.',
    authScopes: { $any: { supervisor: true, integrator: true } },
    args: { filter: t.arg({ type: EventFilterInput }), ...forwardPageArgs },
    resolve: async (_root, args, ctx) => {
      const filter = Object.fromEntries(Object.entries(args.filter ?? {}).filter(([, v]) => v != null));
      if (typeof filter.entityId === 'string') filter.entityId = anyDomainId(filter.entityId);
      return keyPage(await listEvents(ctx.store, filter, pageSize(args.first, 'first', 200), args.after));
    },
  }),
);
