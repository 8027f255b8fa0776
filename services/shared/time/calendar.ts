/**
 * The statutory holiday calendar of mainland China: which local dates are working days. The State
 * Council announces each year's holidays and make-up working days (调休) late in the year before; the
 * `chinese-days` package carries them (2004 onwards), and the operator adds or replaces a year by
 * setting (`calendar.years` in the settings) when the package is behind. A year neither knows is an
 * error, never a guess from the weekdays alone.
 */
import * as z from 'zod';
import { BadUserInputError } from '../errors.ts';
import { HOLIDAY_DATA } from './holiday-data.ts';
import { dayOfWeek, isLocalDate, isUtcOffset } from './offset.ts';

export interface HolidayCalendar {
  /** Whether a local date (`YYYY-MM-DD`) is a working day; throws UnknownCalendarYearError for an unknown year. */
  isWorkingDay(date: string): boolean;
  /** Whether the calendar has the year's arrangement of holidays and make-up working days. */
  knowsYear(year: number): boolean;
  /** The years it knows, ascending. */
  readonly years: readonly number[];
}

/** A date in a year the calendar does not know: a BAD_USER_INPUT naming the year and how to add it. */
export class UnknownCalendarYearError extends BadUserInputError {
  constructor(
    readonly year: number,
    field: string,
    known: readonly number[],
  ) {
    const range = known.length ? ` (it knows ${known[0]}–${known.at(-1)})` : '';
    super([
      {
        field,
        message:
          `the holiday calendar does not know ${year}${range}: an operator adds the year's holidays and ` +
          `make-up working days under calendar.years."${year}" in the settings (CLEARWATER_SETTINGS or CLEARWATER_SETTINGS_FILE)`,
      },
    ]);
    this.details.year = year;
  }
}

/** The district's UTC offset when no plan says otherwise: China Standard Time. */
export const DEFAULT_TIME_ZONE = '+08:00';

const LocalDate = z.string().refine(isLocalDate, 'must be a date written YYYY-MM-DD');

/** One year's arrangement: statutory holidays, and the weekend days worked to make up for them. */
const YearArrangement = z
  .object({
    holidays: z.array(LocalDate).default([]),
    workdays: z.array(LocalDate).default([]),
  })
  .strict();

/** The `calendar` section of the settings: the district's UTC offset, and years added or replaced. */
export const CalendarSettings = z
  .object({
    timeZone: z
      .string()
      .refine(isUtcOffset, 'must be a UTC offset from -12:00 to +14:00, e.g. +08:00')
      .default(DEFAULT_TIME_ZONE),
    years: z.record(z.string(), YearArrangement).default({}),
  })
  .strict()
  .superRefine((settings, ctx) => {
    for (const [year, arrangement] of Object.entries(settings.years)) {
      if (!/^\d{4}$/.test(year)) {
        ctx.addIssue({
          code: 'custom',
          path: ['years', year],
          message: 'must be keyed by a year, e.g. "2027"',
        });
        continue;
      }
      const holidays = new Set(arrangement.holidays);
      for (const list of ['holidays', 'workdays'] as const) {
        arrangement[list].forEach((date, i) => {
          const problem = dateProblem(year, list, date, holidays);
          if (problem) ctx.addIssue({ code: 'custom', path: ['years', year, list, i], message: problem });
        });
      }
    }
  });
export type CalendarSettings = z.output<typeof CalendarSettings>;

function dateProblem(
  year: string,
  list: 'holidays' | 'workdays',
  date: string,
  holidays: ReadonlySet<string>,
): string | undefined {
  if (!date.startsWith(`${year}-`)) return `${date} is not in ${year}`;
  if (list === 'holidays') return undefined;
  if (holidays.has(date)) return `${date} is both a holiday and a working day`;
  if (dayOfWeek(date) % 6 !== 0) {
    return `${date} is not a Saturday or Sunday: only weekend days are worked to make up for holidays`;
  }
  return undefined;
}

/** Years added or replaced, as the settings give them (validated by CalendarSettings). */
export type YearArrangements = Readonly<
  Record<string, { holidays?: readonly string[]; workdays?: readonly string[] }>
>;

interface Arrangement {
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
}

/** The calendar of the `chinese-days` data, with the operator's years added or replacing the package's. */
export function holidayCalendar(overrides: YearArrangements = {}): HolidayCalendar {
  const arrangements = new Map(packageYears);
  for (const [year, { holidays = [], workdays = [] }] of Object.entries(overrides)) {
    arrangements.set(Number(year), { holidays: new Set(holidays), workdays: new Set(workdays) });
  }
  const years = [...arrangements.keys()].sort((a, b) => a - b);
  return {
    years,
    knowsYear: (year) => arrangements.has(year),
    isWorkingDay(date) {
      if (!isLocalDate(date)) throw new Error(`Not a date written YYYY-MM-DD: ${date}`);
      const year = Number(date.slice(0, 4));
      const arrangement = arrangements.get(year);
      if (!arrangement) throw new UnknownCalendarYearError(year, 'date', years);
      if (arrangement.workdays.has(date)) return true;
      return dayOfWeek(date) % 6 !== 0 && !arrangement.holidays.has(date);
    },
  };
}

/**
 * The package's years, grouped by the year of each date. A year counts as known only when its own
 * arrangement is there — New Year's Day and National Day both listed — so that a stray make-up day of
 * the next year's notice (2011-12-31 belongs to the 2012 New Year) does not make a year look known.
 */
const packageYears: ReadonlyMap<number, Arrangement> = (() => {
  const dates = (year: number, list: string) =>
    list ? list.split(' ').map((md) => `${year}-${md.slice(0, 2)}-${md.slice(2)}`) : [];
  const byYear = new Map<number, Arrangement>();
  for (const [year, holidays, workdays] of HOLIDAY_DATA) {
    const arrangement = {
      holidays: new Set(dates(year, holidays)),
      workdays: new Set(dates(year, workdays)),
    };
    if (arrangement.holidays.has(`${year}-01-01`) && arrangement.holidays.has(`${year}-10-01`))
      byYear.set(year, arrangement);
  }
  return byYear;
})();

/** The package's calendar with no operator years: the default wherever no settings are given. */
export const packageCalendar: HolidayCalendar = holidayCalendar();
