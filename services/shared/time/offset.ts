/**
 * UTC offsets and local calendar dates. A local date is `YYYY-MM-DD` as a wall calendar at that offset
 * shows it; the arithmetic runs on UTC midnights so that no host time zone ever leaks in.
 */
const OFFSET = /^([+-])(\d{2}):(\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** Minutes east of UTC of an offset written `+08:00` / `-05:30`; throws on anything else. */
export function offsetMinutes(offset: string): number {
  const match = OFFSET.exec(offset);
  if (!match) throw new Error(`Not a UTC offset: ${offset}`);
  const [, sign, hours, minutes] = match;
  return (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
}

/** Whether `offset` is a real-world UTC offset: `±HH:MM` from -12:00 to +14:00. */
export function isUtcOffset(offset: string): boolean {
  const match = OFFSET.exec(offset);
  if (!match) return false;
  const total = offsetMinutes(offset);
  return Number(match[3]) < 60 && total >= -12 * 60 && total <= 14 * 60;
}

/** The local date (`YYYY-MM-DD`) of an instant at a UTC offset. */
export function localDate(instant: Date, utcOffset: string): string {
  return new Date(instant.getTime() + offsetMinutes(utcOffset) * MINUTE_MS).toISOString().slice(0, 10);
}

/** The last millisecond of a local date at a UTC offset: "24:00" of that day as an instant. */
export function endOfLocalDay(date: string, utcOffset: string): Date {
  return new Date(utcMidnight(date) + DAY_MS - 1 - offsetMinutes(utcOffset) * MINUTE_MS);
}

/** The local date `days` days after (or before, if negative) `date`. */
export function addDays(date: string, days: number): string {
  return new Date(utcMidnight(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Day of the week of a local date: 0 Sunday … 6 Saturday. */
export function dayOfWeek(date: string): number {
  return new Date(utcMidnight(date)).getUTCDay();
}

/** Whether `date` is a real calendar date written `YYYY-MM-DD` (no 2021-02-30). */
export function isLocalDate(date: string): boolean {
  return DATE.test(date) && new Date(utcMidnight(date)).toISOString().slice(0, 10) === date;
}

function utcMidnight(date: string): number {
  const match = DATE.exec(date);
  if (!match) throw new Error(`Not a date written YYYY-MM-DD: ${date}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}
