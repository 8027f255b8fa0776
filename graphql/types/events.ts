/** The event history, for the supervisor and integrators: what happened, oldest first, resumable. */

import { type LoggedEvent, listEvents } from '../../services/events/event-log.ts';
import type { BusEvent } from '../../services/shared/events/envelope.ts';
import { pageSize } from '../../services/shared/store/cursor.ts';
import { builder } from '../builder.ts';
import { forwardOnly, keyPage } from '../pagination.ts';

type EventNode = LoggedEvent & { parsed: BusEvent };

const EventRef = builder.objectRef<EventNode>('Event').implement({
  description: 'One Clearwater event as integrators receive it on the bus.',
  fields: (t) => ({
    eventId: t.exposeID('eventId'),
    source: t.exposeString('source'),
    detailType: t.exposeString('detailType'),
    occurredAt: t.field({ type: 'DateTime', resolve: (e) => e.occurredAt }),
    entityType: t.exposeString('entityType'),
    entityId: t.exposeString('entityId'),
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
    entityId: t.string({ description: 'e.g. yanhu-2020:6' }),
    from: t.field({ type: 'DateTime' }),
    to: t.field({ type: 'DateTime' }),
  }),
});

builder.queryField('events', (t) =>
  t.connection({
    type: EventRef,
    description: 'Oldest first; keep the last cursor to resume. Supervisor and integrators.',
    authScopes: { $any: { supervisor: true, integrator: true } },
    args: { filter: t.arg({ type: EventFilterInput }) },
    resolve: async (_root, args, ctx) => {
      forwardOnly(args);
      const filter = Object.fromEntries(Object.entries(args.filter ?? {}).filter(([, v]) => v != null));
      return keyPage(await listEvents(ctx.store, filter, pageSize(args.first, 'first', 200), args.after));
    },
  }),
);
