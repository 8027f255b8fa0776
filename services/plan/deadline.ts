/**
 * Deadline arithmetic of the plan documents. "N月底" is the last instant of that month in the plan's
 * time zone (China Standard Time, UTC+8, for Chinese plans): 2020年4月底 → 2020-04-30T23:59:59+08:00.
 */
import { offsetMinutes } from '../shared/time/offset.ts';

/** Moved to the kernel (`shared/time/offset.ts`); re-exported for existing callers. */
export { offsetMinutes };

/** The last second of `year-month` (1–12) at the given UTC offset. */
export function endOfMonth(year: number, month: number, offset = '+08:00'): Date {
  // Day 0 of the next month is the last day of this one.
  const utc = Date.UTC(year, month, 0, 23, 59, 59);
  return new Date(utc - offsetMinutes(offset) * 60_000);
}

/** The last second of the year at the given UTC offset: the implicit deadline of a task with none stated. */
export function endOfYear(year: number, offset = '+08:00'): Date {
  return endOfMonth(year, 12, offset);
}

/** Formats an instant as ISO 8601 at the given offset, e.g. `2020-04-30T23:59:59+08:00`. */
export function formatAtOffset(instant: Date, offset = '+08:00'): string {
  const shifted = new Date(instant.getTime() + offsetMinutes(offset) * 60_000);
  return `${shifted.toISOString().slice(0, 19)}${offset === '+00:00' ? 'Z' : offset}`;
}

/** Resolves a milestone's `due` as written in a plan document: `2020-04` (end of month) or an ISO instant. */
export function resolveDue(due: string, offset: string): Date {
  const month = /^(\d{4})-(\d{2})$/.exec(due);
  if (month) return endOfMonth(Number(month[1]), Number(month[2]), offset);
  return new Date(due);
}
