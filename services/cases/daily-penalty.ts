/**
 * Daily penalties (按日连续处罚), as Environmental Protection Law art. 59 and MEP decree 28 (2014) set
 * them. Pure: local calendar dates (`YYYY-MM-DD`, in the district's zone) in, days and fen out.
 *
 * How the decree is read here (DOMAIN.md §4; article numbers left out on purpose, the wording quoted):
 * - A cycle starts when a correction order (责令改正违法行为决定书) is served after a fine was decided;
 *   "每日的罚款数额，为原处罚决定书确定的罚款数额".
 * - A re-inspection that finds the violation continuing yields a daily-penalty decision: "计罚日数为责令改正
 *   违法行为决定书送达排污者之日的次日起，至环境保护主管部门复查发现违法排放污染物行为之日止", counted in
 *   calendar days — no holiday roll: every day of discharge counts.
 * - "再次复查仍拒不改正的，计罚日数累计执行": within one cycle the days accumulate without gap or overlap.
 *   The next decision counts from the day after the previous re-inspection (where the renewed order is
 *   served) to the next re-inspection that finds the violation, so the cycle's total is the fine × every
 *   day from the day after the first service to its latest such re-inspection.
 * - A re-inspection that finds the violation corrected ends the cycle; a later recurrence needs a new
 *   penalty decision and "计罚周期重新起算": a new cycle from its own service. "按日连续处罚次数不受限制":
 *   no cap.
 * - Production restriction, suspension or seal-up can be combined with it and stop the count while they
 *   stop the discharge: a measure effective on day S and lifted on day L excludes days S … L−1 (discharge
 *   stopped on the day the measure took effect and may resume on the day it is lifted); one still
 *   running excludes every day from S on.
 */
import { addDays } from '../shared/time/offset.ts';
import { multiplyFen } from './money.ts';

/** A measure that stopped the discharge: effective from one local date, lifted on another (or not yet). */
export interface Stoppage {
  from: string;
  until?: string;
}

export const REINSPECTION_FINDINGS = ['VIOLATION_CONTINUES', 'CORRECTED'] as const;
export type ReinspectionFinding = (typeof REINSPECTION_FINDINGS)[number];

export interface CycleFacts {
  /** The original fine, in fen. */
  fineFen: number;
  /** Local date on which the cycle's first correction order was served. */
  servedOn: string;
  /** The cycle's re-inspections in the order they happened (local dates). */
  reinspections: readonly { on: string; finding: ReinspectionFinding }[];
  stoppages: readonly Stoppage[];
}

/** One daily-penalty decision: the days it counts and its amount. */
export interface DailyPenaltyDecision {
  reinspectedOn: string;
  /** First and last day of the window this decision covers (inclusive); `from > to` when it is empty. */
  from: string;
  to: string;
  /** Days of the window on which a stoppage had stopped the discharge: not counted. */
  stoppedDays: number;
  days: number;
  amountFen: number;
}

export interface CycleAssessment {
  decisions: DailyPenaltyDecision[];
  totalDays: number;
  totalFen: number;
  /** A re-inspection found the violation corrected: the cycle is over. */
  ended: boolean;
}

export class PenaltyCycleError extends Error {
  override name = 'PenaltyCycleError';
}

/** Calendar days from `from` to `to`, inclusive (0 when `to` is before `from`). */
export function daysInclusive(from: string, to: string): number {
  const diff = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  return diff < 0 ? 0 : diff + 1;
}

/** How many days of [from, to] a stoppage covers (days S … L−1 of each, overlaps counted once). */
export function stoppedDaysIn(from: string, to: string, stoppages: readonly Stoppage[]): number {
  let count = 0;
  for (let day = from; day <= to; day = addDays(day, 1)) {
    if (stoppages.some((s) => s.from <= day && (s.until === undefined || day < s.until))) count++;
  }
  return count;
}

/** The decision for one re-inspection that found the violation: days after `lastCounted` to `reinspectedOn`. */
export function dailyPenalty(
  fineFen: number,
  lastCounted: string,
  reinspectedOn: string,
  stoppages: readonly Stoppage[],
): DailyPenaltyDecision {
  const from = addDays(lastCounted, 1);
  const stoppedDays = stoppedDaysIn(from, reinspectedOn, stoppages);
  const days = daysInclusive(from, reinspectedOn) - stoppedDays;
  return { reinspectedOn, from, to: reinspectedOn, stoppedDays, days, amountFen: multiplyFen(fineFen, days) };
}

/** Every decision of a cycle and its totals. Re-inspections must be in order and none after a correction. */
export function assessCycle(facts: CycleFacts): CycleAssessment {
  if (!Number.isSafeInteger(facts.fineFen) || facts.fineFen <= 0) {
    throw new PenaltyCycleError('A cycle needs the original fine in fen');
  }
  const decisions: DailyPenaltyDecision[] = [];
  let lastCounted = facts.servedOn;
  let ended = false;
  for (const reinspection of facts.reinspections) {
    if (ended) throw new PenaltyCycleError('No re-inspection counts after the violation was found corrected');
    if (reinspection.on < lastCounted) {
      throw new PenaltyCycleError(
        `Re-inspection on ${reinspection.on} is before ${lastCounted}, the last day already counted`,
      );
    }
    if (reinspection.finding === 'CORRECTED') {
      ended = true;
      continue;
    }
    decisions.push(dailyPenalty(facts.fineFen, lastCounted, reinspection.on, facts.stoppages));
    lastCounted = reinspection.on;
  }
  const totalDays = decisions.reduce((sum, d) => sum + d.days, 0);
  return { decisions, totalDays, totalFen: multiplyFen(facts.fineFen, totalDays), ended };
}
