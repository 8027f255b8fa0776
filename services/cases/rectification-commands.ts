/**
 * Rectification and daily penalties (decree 28; see daily-penalty.ts for how it is read): the service
 * of a correction order opens a cycle and a re-inspection deadline (30 days by default, a standard
 * deadline that reminds, goes overdue and escalates); each re-inspection closes that deadline and either
 * finds the violation continuing — a daily penalty for the days since the last counted day, a renewed
 * order served on the spot, the next re-inspection due — or corrected, which ends the cycle. A corrected
 * violation found again goes back to the investigation for a new penalty decision and a new cycle.
 */
import { openStandardDeadline } from '../deadlines/standard.ts';
import { cases as events } from '../events/catalog/index.ts';
import { DAY_MS } from '../shared/clock.ts';
import { type Caller, type CommandDeps, parse } from '../shared/commands/kit.ts';
import { guard } from '../shared/commands/transitions.ts';
import { closeDeadline } from '../shared/deadlines/records.ts';
import { BadUserInputError } from '../shared/errors.ts';
import { localDate } from '../shared/time/offset.ts';
import { ref } from './case-commands.ts';
import { CASE, type CaseChange, changeCase } from './change.ts';
import { assessCycle, type Stoppage } from './daily-penalty.ts';
import { RecordReinspectionInput, ReportRecurrenceInput, ServeCorrectionOrderInput } from './inputs.ts';
import { pastInstant } from './instants.ts';
import type { EnforcementCase, PenaltyCycle, Sanction } from './model.ts';
import { STOPPING_SANCTIONS } from './model.ts';
import { addSanction } from './sanction-commands.ts';
import { caseMachine } from './status.ts';

/** The deadline's name within the case: one per order, so the case's timeline keeps every one. */
export function reinspectionDeadlineName(cycle: number, order: number): string {
  return `reinspection-${cycle}-${order}`;
}

/** Measures that stopped the discharge, as the daily-penalty rule reads them. */
export function stoppagesOf(sanctions: readonly Sanction[]): Stoppage[] {
  return sanctions
    .filter(
      (s) =>
        STOPPING_SANCTIONS.includes(s.kind) &&
        s.stopsDischarge &&
        s.effectiveOn &&
        (s.status === 'IN_FORCE' || s.status === 'LIFTED'),
    )
    .map((s) => ({ from: s.effectiveOn as string, until: s.liftedOn }));
}

function openReinspection(change: CaseChange, cycle: PenaltyCycle, servedAt: Date): string {
  const { draft, work, settings, time } = change;
  const c = draft.case;
  const deadline = openStandardDeadline(
    work,
    {
      owner: { type: CASE, id: c.id, title: c.number },
      name: reinspectionDeadlineName(cycle.number, cycle.orders.length),
      title: '复查整改情况（责令改正违法行为决定书送达后）',
      startedAt: servedAt,
      period: settings.reinspectionPeriod,
      ladder: {
        remind: [c.bureauUnitId],
        overdue: [c.bureauUnitId],
        escalate: [settings.supervisorUnitId, c.bureauUnitId],
        remindBeforeMs: settings.reinspectionReminderDays * DAY_MS,
        escalateAfterMs: settings.escalateAfterDays * DAY_MS,
      },
      responsibleUnitIds: [c.bureauUnitId],
      context: { cycle: cycle.number, order: cycle.orders.length },
    },
    time,
  );
  cycle.reinspectionDueAt = deadline.dueAt;
  c.reinspectionDueAt = deadline.dueAt;
  return deadline.dueAt;
}

function serveOrder(
  change: CaseChange,
  cycle: PenaltyCycle,
  servedAt: Date,
  documentNumber?: string,
): Sanction {
  const order = addSanction(change, {
    kind: 'CORRECTION_ORDER',
    status: 'IN_FORCE',
    decidedAt: servedAt.toISOString(),
    effectiveFrom: servedAt.toISOString(),
    documentNumber,
    cycleNumber: cycle.number,
  });
  cycle.orders.push({
    servedAt: servedAt.toISOString(),
    servedOn: order.effectiveOn as string,
    documentNumber,
    sanctionId: order.id,
  });
  return order;
}

export async function serveCorrectionOrder(
  deps: CommandDeps,
  caller: Caller,
  raw: unknown,
): Promise<EnforcementCase> {
  const input = parse(ServeCorrectionOrderInput, raw);
  const { case: result } = await changeCase(deps, caller, input, (change) => {
    const { draft, work, time } = change;
    const c = draft.case;
    guard(
      c.status !== 'RECTIFYING',
      'CORRECTION_ORDER_SERVED',
      `Case ${c.id} is RECTIFYING: renewed orders are served at the re-inspection, a recurrence needs a new penalty decision`,
    );
    c.status = caseMachine.next(c.status, 'serveCorrectionOrder', c.id);
    const fine = c.fine as NonNullable<EnforcementCase['fine']>;
    const servedAt = pastInstant(input.servedAt, work.context.now, 'input.servedAt');
    if (servedAt.getTime() < Date.parse(fine.decidedAt)) {
      throw new BadUserInputError([{ field: 'input.servedAt', message: 'is before the penalty decision' }]);
    }
    const cycle: PenaltyCycle = {
      number: c.penaltyCycles.length + 1,
      fineFen: fine.amountFen,
      servedAt: servedAt.toISOString(),
      servedOn: localDate(servedAt, time.timeZone),
      orders: [],
      reinspections: [],
      status: 'AWAITING_REINSPECTION',
      totalDays: 0,
      totalFen: 0,
    };
    const order = serveOrder(change, cycle, servedAt, input.documentNumber);
    const dueAt = openReinspection(change, cycle, servedAt);
    c.penaltyCycles = [...c.penaltyCycles, cycle];
    work.audit({
      entityType: CASE,
      entityId: c.id,
      action: 'SERVE_CORRECTION_ORDER',
      summary: `Correction order ${input.documentNumber ?? ''} served at ${cycle.servedAt}; cycle ${cycle.number}; re-inspection due ${dueAt}`,
    });
    work.emit(events.CorrectionOrderServed, {
      ...ref(c),
      sanctionId: order.id,
      cycleNumber: cycle.number,
      servedAt: cycle.servedAt,
      documentNumber: input.documentNumber,
      reinspectionDueAt: dueAt,
    });
  });
  return result;
}

export async function recordReinspection(
  deps: CommandDeps,
  caller: Caller,
  raw: unknown,
): Promise<EnforcementCase> {
  const input = parse(RecordReinspectionInput, raw);
  const { case: result } = await changeCase(deps, caller, input, (change) => {
    const { draft, work, time } = change;
    const c = draft.case;
    c.status = caseMachine.next(c.status, 'recordReinspection', c.id);
    const cycle = c.penaltyCycles.at(-1);
    guard(
      cycle?.status === 'AWAITING_REINSPECTION',
      'NO_REINSPECTION_PENDING',
      `Case ${c.id} awaits no re-inspection`,
    );
    const current = cycle as PenaltyCycle;
    const lastOrder = current.orders.at(-1) as PenaltyCycle['orders'][number];
    const inspectedAt = pastInstant(input.inspectedAt, work.context.now, 'input.inspectedAt');
    if (inspectedAt.getTime() <= Date.parse(lastOrder.servedAt)) {
      throw new BadUserInputError([
        { field: 'input.inspectedAt', message: 'must be after the order was served' },
      ]);
    }
    const on = localDate(inspectedAt, time.timeZone);
    const assessment = assessCycle({
      fineFen: current.fineFen,
      servedOn: current.servedOn,
      reinspections: [...current.reinspections, { on, finding: input.finding }],
      stoppages: stoppagesOf(draft.sanctions),
    });
    const outcome = closeDeadline(
      work,
      { type: CASE, id: c.id },
      reinspectionDeadlineName(current.number, current.orders.length),
      current.reinspectionDueAt as string,
    );
    const late = outcome === 'LATE';
    if (input.finding === 'CORRECTED') {
      current.reinspections.push({
        at: inspectedAt.toISOString(),
        on,
        finding: 'CORRECTED',
        days: 0,
        amountFen: 0,
      });
      current.status = 'CORRECTED';
      current.reinspectionDueAt = undefined;
      c.reinspectionDueAt = undefined;
    } else {
      const decision = assessment.decisions.at(-1) as NonNullable<(typeof assessment.decisions)[number]>;
      const penalty =
        decision.days > 0
          ? addSanction(change, {
              kind: 'DAILY_PENALTY',
              status: 'IN_FORCE',
              decidedAt: inspectedAt.toISOString(),
              documentNumber: input.decisionNumber,
              amountFen: decision.amountFen,
              days: decision.days,
              from: decision.from,
              to: decision.to,
              cycleNumber: current.number,
            })
          : undefined;
      current.reinspections.push({
        at: inspectedAt.toISOString(),
        on,
        finding: 'VIOLATION_CONTINUES',
        ...decision,
        decisionNumber: input.decisionNumber,
        sanctionId: penalty?.id,
      });
      current.totalDays = assessment.totalDays;
      current.totalFen = assessment.totalFen;
      serveOrder(change, current, inspectedAt, input.renewedOrderNumber);
      openReinspection(change, current, inspectedAt);
      if (penalty) {
        work.emit(events.DailyPenaltyAssessed, {
          ...ref(c),
          sanctionId: penalty.id,
          cycleNumber: current.number,
          decisionNumber: input.decisionNumber,
          fineFen: current.fineFen,
          from: decision.from,
          to: decision.to,
          stoppedDays: decision.stoppedDays,
          days: decision.days,
          amountFen: decision.amountFen,
          cycleTotalDays: current.totalDays,
          cycleTotalFen: current.totalFen,
        });
      }
    }
    c.penaltyCycles = [...c.penaltyCycles];
    work.audit({
      entityType: CASE,
      entityId: c.id,
      action: 'RECORD_REINSPECTION',
      summary:
        input.finding === 'CORRECTED'
          ? `Re-inspection on ${on}: corrected; cycle ${current.number} ends`
          : `Re-inspection on ${on}: violation continues; ${current.reinspections.at(-1)?.days} day(s) × ${current.fineFen} fen; cycle total ${current.totalFen} fen`,
      changes: { cycle: current.number, finding: input.finding, late, note: input.note },
    });
    work.emit(events.ReinspectionRecorded, {
      ...ref(c),
      cycleNumber: current.number,
      inspectedAt: inspectedAt.toISOString(),
      finding: input.finding,
      late,
      nextReinspectionDueAt: current.reinspectionDueAt,
    });
  });
  return result;
}

export async function reportRecurrence(
  deps: CommandDeps,
  caller: Caller,
  raw: unknown,
): Promise<EnforcementCase> {
  const input = parse(ReportRecurrenceInput, raw);
  const { case: result } = await changeCase(deps, caller, input, ({ draft, work }) => {
    const c = draft.case;
    const previous = c.penaltyCycles.at(-1);
    guard(
      previous?.status === 'CORRECTED' || c.status !== 'RECTIFYING',
      'CORRECTION_CYCLE_OPEN',
      `Case ${c.id} still awaits a re-inspection: a continuing violation is recorded there`,
    );
    c.status = caseMachine.next(c.status, 'reportRecurrence', c.id);
    const foundAt = pastInstant(input.foundAt, work.context.now, 'input.foundAt');
    work.audit({
      entityType: CASE,
      entityId: c.id,
      action: 'REPORT_RECURRENCE',
      summary: `Violation found again on ${foundAt.toISOString()}: ${input.note}`,
    });
    work.emit(events.CaseRecurrenceReported, {
      ...ref(c),
      foundAt: foundAt.toISOString(),
      previousCycle: previous?.number ?? 0,
    });
  });
  return result;
}
