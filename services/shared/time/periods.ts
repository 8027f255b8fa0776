/**
 * Periods (期间) counted the way Chinese procedural law counts them (DOMAIN.md §8; 民事诉讼法 art. 85,
 * 刑事诉讼法 art. 105): hours run from the instant; days do not count the starting day and end at 24:00
 * of the last day, rolled to the first working day when the last day is a holiday or rest day; working
 * days skip weekends and statutory holidays and count make-up working days (调休). Pure: the caller
 * gives the UTC offset and the holiday calendar.
 */
import { BadUserInputError } from '../errors.ts';
import { type HolidayCalendar, UnknownCalendarYearError } from './calendar.ts';
import { addDays, endOfLocalDay, isUtcOffset, localDate } from './offset.ts';

export { endOfLocalDay, localDate } from './offset.ts';

export const PERIOD_UNITS = ['HOURS', 'DAYS', 'WORKING_DAYS'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];

/**
 * A statutory period. `amount` is a whole number from 0 to MAX_PERIOD[unit]. Zero means: HOURS, the
 * starting instant itself; DAYS, the end of the starting day, rolled like any last day; WORKING_DAYS,
 * the end of the starting day as it is (nothing is counted).
 */
export interface Period {
  amount: number;
  unit: PeriodUnit;
}

/** Where a period is counted: the UTC offset of its local days and the calendar of its working days. */
export interface PeriodZone {
  utcOffset: string;
  calendar: HolidayCalendar;
}

/** The longest period of each unit, about ten years: anything longer is a mistake, not a statutory limit. */
export const MAX_PERIOD: Readonly<Record<PeriodUnit, number>> = {
  HOURS: 87_600,
  DAYS: 3_650,
  WORKING_DAYS: 2_500,
};

const HOUR_MS = 3_600_000;

/** The instant a period started at `from` ends; local days end at their last millisecond (23:59:59.999). */
export function periodEnd(from: Date, period: Period, zone: PeriodZone): Date {
  checkArguments(from, period, zone.utcOffset);
  if (period.unit === 'HOURS') return new Date(from.getTime() + period.amount * HOUR_MS);
  const start = localDate(from, zone.utcOffset);
  const working = workingDayTest(zone.calendar, Number(start.slice(0, 4)));
  let last = start;
  if (period.unit === 'DAYS') {
    last = addDays(start, period.amount);
    while (!working(last)) last = addDays(last, 1);
  } else {
    for (let left = period.amount; left > 0; ) {
      last = addDays(last, 1);
      if (working(last)) left -= 1;
    }
  }
  return endOfLocalDay(last, zone.utcOffset);
}

/** Whether a local date (`YYYY-MM-DD`) is a working day in the calendar. */
export function isWorkingDay(date: string, calendar: HolidayCalendar): boolean {
  return calendar.isWorkingDay(date);
}

/** The calendar's test, whose unknown-year error blames `from` for its own year and `amount` for later ones. */
function workingDayTest(calendar: HolidayCalendar, startYear: number): (date: string) => boolean {
  return (date) => {
    const year = Number(date.slice(0, 4));
    if (!calendar.knowsYear(year)) {
      throw new UnknownCalendarYearError(year, year === startYear ? 'from' : 'amount', calendar.years);
    }
    return calendar.isWorkingDay(date);
  };
}

function checkArguments(from: Date, period: Period, utcOffset: string): void {
  const problems = [];
  if (Number.isNaN(from.getTime())) problems.push({ field: 'from', message: 'must be a valid instant' });
  const max = MAX_PERIOD[period.unit];
  if (max === undefined) {
    problems.push({ field: 'unit', message: `must be one of ${PERIOD_UNITS.join(', ')}` });
  } else if (!Number.isInteger(period.amount) || period.amount < 0 || period.amount > max) {
    problems.push({ field: 'amount', message: `must be a whole number from 0 to ${max} for ${period.unit}` });
  }
  if (!isUtcOffset(utcOffset)) {
    problems.push({ field: 'utcOffset', message: 'must be a UTC offset from -12:00 to +14:00, e.g. +08:00' });
  }
  if (problems.length) throw new BadUserInputError(problems);
}
