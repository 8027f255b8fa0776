/** Deadline timelines: every limit an entity has had, with its due instant and whether it was met. */
import { type DeadlineRecord, deadlineState } from '../../services/shared/deadlines/records.ts';
import { builder } from '../builder.ts';
import { loadUnits } from '../context.ts';
import { UnitRef } from './unit.ts';

const DeadlineStateEnum = builder.enumType('DeadlineState', {
  description:
    'OPEN, DUE_SOON (within the reminder), OVERDUE (open past due), or closed: MET, LATE, CANCELLED.',
  values: ['OPEN', 'DUE_SOON', 'OVERDUE', 'MET', 'LATE', 'CANCELLED'] as const,
});

export const PeriodRef = builder
  .objectRef<NonNullable<DeadlineRecord['period']>>('DeadlinePeriod')
  .implement({
    fields: (t) => ({ amount: t.exposeInt('amount'), unit: t.exposeString('unit') }),
  });

export const DeadlineRef = builder.objectRef<DeadlineRecord>('Deadline').implement({
  description: 'A statutory or administrative limit of an entity, counted as DOMAIN.md §8 says.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Stable within its entity, e.g. `reinspection-1-1`.' }),
    title: t.exposeString('title'),
    startedAt: t.field({ type: 'DateTime', resolve: (d) => d.startedAt }),
    period: t.field({ type: PeriodRef, nullable: true, resolve: (d) => d.period ?? null }),
    dueAt: t.field({ type: 'DateTime', resolve: (d) => d.dueAt }),
    state: t.field({ type: DeadlineStateEnum, resolve: (d, _a, ctx) => deadlineState(d, ctx.clock.now()) }),
    closedAt: t.field({ type: 'DateTime', nullable: true, resolve: (d) => d.closedAt ?? null }),
    escalations: t.stringList({
      description: 'Ladder steps that fired (DueSoon, Overdue, Escalated).',
      resolve: (d) => Object.keys(d.firedSteps ?? {}),
    }),
    responsibleUnits: t.field({
      type: [UnitRef],
      resolve: (d, _a, ctx) => loadUnits(ctx, d.responsibleUnitIds),
    }),
  }),
});
