/**
 * Every statutory limit of a hand-off (and a written consultation's answer) is a deadline record of its
 * own under its owner, fired by this kind: a reminder to the side that must act (at half the period, at
 * most a day before), and at the due instant `HandoffDeadlineMissed` naming that side, told to it and to
 * the supervisor. A right's window (asking for materials, reconsideration, supervision) is only
 * reminded: when it passes unused it has lapsed, not been missed.
 */
// The context's own catalog module, not the catalog's index: the GraphQL cold start reads limits through
// this module, and the whole catalog loads with the mutations (test/infra/bundles.test.ts).
import * as events from '../events/catalog/handoffs.ts';
import { defineDeadlineKind, memoized } from '../shared/deadlines/kinds.ts';
import type { LadderStep } from '../shared/deadlines/ladder.ts';
import { type DeadlineRecord, deadlineState, openDeadline } from '../shared/deadlines/records.ts';
import { ladderTimerHandler } from '../shared/deadlines/runner.ts';
import { getItem, strip } from '../shared/store/items.ts';
import { keys } from '../shared/store/keys.ts';
import type { UnitOfWork } from '../shared/store/transaction.ts';
import { type Period, periodEnd } from '../shared/time/periods.ts';
import type { DistrictTime } from '../shared/time/zone.ts';
import { groupOf, type LimitKey, limitSpec, type Side } from './limits.ts';
import type { Handoff, HandoffDocument } from './model.ts';
import { reminderOffsetMs } from './workflow.ts';

export const HANDOFF_DEADLINE = 'HandoffLimit';

/** The case a limit belongs to, and the units of both sides. */
export interface LimitRef {
  caseId: string;
  caseNumber: string;
  bureauUnitId: string;
  policeUnitId: string;
  handoffId?: string;
}

/** What a limit's record carries besides the kernel's fields. */
export interface LimitContext extends LimitRef {
  limit: LimitKey;
  group: LimitKey;
  side: Side;
  optional?: boolean;
  supervisorUnitId: string;
  /** The police units whose feed its events go to (none for the bureau's steps before the transfer). */
  policeUnitIds: string[];
}

export interface OpenLimit {
  owner: { type: 'Handoff' | 'Consultation'; id: string };
  limit: LimitKey;
  name: string;
  startedAt: Date;
  period: Period;
  ref: LimitRef;
  supervisorUnitId: string;
  policeUnitIds: string[];
  /** Default: the table's. */
  side?: Side;
  title?: string;
}

/** The units of a side: the procuratorate is not a Clearwater unit, so the bureau that asked chases it. */
function sideUnits(side: Side, ref: LimitRef): string[] {
  return [side === 'POLICE' ? ref.policeUnitId : ref.bureauUnitId];
}

export function openLimit(work: UnitOfWork, spec: OpenLimit, time: DistrictTime): DeadlineRecord {
  const zone = { utcOffset: time.timeZone, calendar: time.calendar };
  const table = limitSpec(spec.limit);
  const side = spec.side ?? table.side;
  const dueAt = periodEnd(spec.startedAt, spec.period, zone);
  const told = sideUnits(side, spec.ref);
  const ladder: LadderStep[] = [
    { id: 'DueSoon', offsetMs: reminderOffsetMs(spec.startedAt, dueAt), notify: told },
  ];
  if (!table.optional)
    ladder.push({ id: 'Missed', offsetMs: 0, notify: [...new Set([...told, spec.supervisorUnitId])] });
  const context: LimitContext = {
    ...spec.ref,
    limit: spec.limit,
    group: groupOf(spec.limit),
    side,
    supervisorUnitId: spec.supervisorUnitId,
    policeUnitIds: spec.policeUnitIds,
    ...(table.optional ? { optional: true } : {}),
  };
  return openDeadline(
    work,
    {
      owner: { ...spec.owner, title: spec.ref.caseNumber },
      name: spec.name,
      title: spec.title ?? table.title,
      kind: HANDOFF_DEADLINE,
      startedAt: spec.startedAt,
      period: spec.period,
      ladder,
      responsibleUnitIds: side === 'PROCURATORATE' ? [] : told,
      context: context as unknown as Record<string, unknown>,
    },
    zone,
  );
}

export type LimitState = 'OPEN' | 'DUE_SOON' | 'OVERDUE' | 'MET' | 'LATE' | 'CANCELLED' | 'LAPSED';

/** Where a limit stands: the kernel's states, and LAPSED for a right's window that passed unused. */
export function limitState(record: DeadlineRecord, now: Date): LimitState {
  const state = deadlineState(record, now);
  return state === 'OVERDUE' && record.context?.optional ? 'LAPSED' : state;
}

export const handoffDeadline = defineDeadlineKind({
  name: HANDOFF_DEADLINE,
  description:
    'A hand-off limit: reminder to the side that must act, HandoffDeadlineMissed at its due instant.',
  fire: ladderTimerHandler<{ record: DeadlineRecord; documents: HandoffDocument[] }>({
    kind: HANDOFF_DEADLINE,
    async load(item, deps) {
      const record = strip<DeadlineRecord>(item);
      const { caseId, handoffId } = record.context as unknown as LimitContext;
      const local = handoffId?.slice(caseId.length + 1);
      const handoff = local
        ? await memoized(deps, `handoff:${handoffId}`, () =>
            getItem<Handoff>(deps.store, keys.handoffProposal(caseId, local)),
          )
        : undefined;
      return { record, documents: handoff?.documents ?? [] };
    },
    ladder: ({ record }) => record.ladder,
    dueAt: (item) => String(item.dueAt),
    stillOpen: { expression: 'attribute_not_exists(closedAt)' },
    onStep(work, step, { record, documents }) {
      const c = record.context as unknown as LimitContext;
      const missed = step.id === 'Missed';
      work.audit({
        entityType: record.owner.type,
        entityId: record.owner.id,
        action: missed ? 'LIMIT_MISSED' : 'LIMIT_DUE_SOON',
        summary: `${missed ? 'Missed' : 'Due soon'} by ${c.side}: ${record.title} (due ${record.dueAt})`,
        changes: { limit: record.name },
      });
      work.emit(missed ? events.HandoffDeadlineMissed : events.HandoffDeadlineDueSoon, {
        caseId: c.caseId,
        caseNumber: c.caseNumber,
        bureauUnitId: c.bureauUnitId,
        policeUnitIds: c.policeUnitIds ?? [],
        owner: { type: record.owner.type, id: record.owner.id },
        handoffId: c.handoffId,
        documents,
        limit: {
          name: record.name,
          key: c.group,
          title: record.title,
          side: c.side,
          startedAt: record.startedAt,
          dueAt: record.dueAt,
          period: record.period as Period,
        },
        recipientUnitIds: [...step.notify],
      });
    },
  }),
});
