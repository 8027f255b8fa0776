/**
 * Specification of periods (期间) as Chinese procedural law counts them (DOMAIN.md §8), against the
 * State Council's real 2020 and 2021 arrangements (国办发明电〔2019〕16号 with the 2020 Spring Festival
 * extension, 国办发明电〔2020〕27号) as the `chinese-days` package carries them, and against years an
 * operator adds by setting.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BadUserInputError, type FieldProblem } from '../../services/shared/errors.ts';
import { readSection, SettingsError } from '../../services/shared/settings.ts';
import {
  CalendarSettings,
  type HolidayCalendar,
  holidayCalendar,
  packageCalendar,
  UnknownCalendarYearError,
} from '../../services/shared/time/calendar.ts';
import { renderHolidayData } from '../../services/shared/time/holiday-data-render.ts';
import { endOfLocalDay, localDate } from '../../services/shared/time/offset.ts';
import { isWorkingDay, type PeriodUnit, periodEnd } from '../../services/shared/time/periods.ts';
import { districtTime } from '../../services/shared/time/zone.ts';

const HOUR_MS = 3_600_000;

/** The end of a period started at `from` (an ISO instant), counted in China Standard Time by default. */
function end(
  from: string,
  amount: number,
  unit: PeriodUnit,
  utcOffset = '+08:00',
  calendar = packageCalendar,
) {
  return periodEnd(new Date(from), { amount, unit }, { utcOffset, calendar });
}

/** 24:00 of a local day, as `periodEnd` gives it. */
function endOf(date: string, offset = '+08:00') {
  return new Date(`${date}T23:59:59.999${offset}`);
}

function problemsOf(act: () => unknown): FieldProblem[] {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(BadUserInputError);
    return (error as BadUserInputError).problems;
  }
  throw new Error('expected a BadUserInputError');
}

describe('Local days', () => {
  it('takes the local date at the offset, not the UTC date', () => {
    expect(localDate(new Date('2020-04-30T00:30:00+08:00'), '+08:00')).toBe('2020-04-30');
    expect(localDate(new Date('2020-04-30T23:30:00+08:00'), '+08:00')).toBe('2020-04-30');
    expect(localDate(new Date('2020-04-30T22:00:00-05:00'), '-05:00')).toBe('2020-04-30');
  });

  it('ends a local day at its last millisecond', () => {
    expect(endOfLocalDay('2020-04-30', '+08:00').toISOString()).toBe('2020-04-30T15:59:59.999Z');
  });
});

describe('The holiday calendar (chinese-days)', () => {
  it('knows 2020 and 2021, and no year before the package starts', () => {
    expect(packageCalendar.knowsYear(2020)).toBe(true);
    expect(packageCalendar.knowsYear(2021)).toBe(true);
    expect(packageCalendar.knowsYear(2003)).toBe(false);
  });

  it.each([
    ['2020-05-01', false, 'Labour Day'],
    ['2020-05-05', false, 'Labour Day holiday on a Tuesday'],
    ['2020-05-09', true, 'a make-up Saturday'],
    ['2020-05-10', false, 'a plain Sunday'],
    ['2020-09-27', true, 'a make-up Sunday before National Day'],
    ['2020-10-10', true, 'a make-up Saturday after National Day'],
    ['2020-02-02', false, 'the extended 2020 Spring Festival'],
    ['2021-02-07', true, 'a make-up Sunday before Spring Festival 2021'],
    ['2021-02-17', false, 'the last day of Spring Festival 2021'],
    ['2021-03-10', true, 'a plain Wednesday'],
  ])('%s is a working day: %s (%s)', (date, working) => {
    expect(isWorkingDay(date, packageCalendar)).toBe(working);
  });

  it('refuses a date in a year it does not know, naming the year and how to add it', () => {
    expect(() => packageCalendar.isWorkingDay('2003-06-02')).toThrow(UnknownCalendarYearError);
    expect(() => packageCalendar.isWorkingDay('2003-06-02')).toThrow(/2003.*calendar\.years\."2003"/);
  });
});

describe('HOURS', () => {
  it('runs from the instant: 24 hours across midnight are exactly 24 hours', () => {
    const from = '2020-03-10T22:00:00+08:00';
    expect(end(from, 24, 'HOURS').getTime() - new Date(from).getTime()).toBe(24 * HOUR_MS);
  });

  it('ignores holidays: 24 hours from the eve of Labour Day end during the holiday', () => {
    expect(end('2020-04-30T23:30:00+08:00', 24, 'HOURS')).toEqual(new Date('2020-05-01T23:30:00+08:00'));
  });

  it('needs no calendar, so works in a year the calendar does not know', () => {
    expect(end('2040-01-01T08:00:00+08:00', 48, 'HOURS')).toEqual(new Date('2040-01-03T08:00:00+08:00'));
  });

  it('0 hours is the starting instant', () => {
    expect(end('2020-05-01T10:15:00+08:00', 0, 'HOURS')).toEqual(new Date('2020-05-01T10:15:00+08:00'));
  });
});

describe('DAYS', () => {
  it('does not count the starting day and ends at 24:00 of the last day', () => {
    expect(end('2020-03-02T09:00:00+08:00', 7, 'DAYS')).toEqual(endOf('2020-03-09'));
  });

  it('3 days after 2020-04-28 end on 05-01, a holiday, so roll past Labour Day to the end of 05-06', () => {
    expect(end('2020-04-28T10:00:00+08:00', 3, 'DAYS')).toEqual(endOf('2020-05-06'));
  });

  it('a period ending on a plain Saturday rolls to Monday', () => {
    expect(end('2020-03-11T10:00:00+08:00', 3, 'DAYS')).toEqual(endOf('2020-03-16'));
  });

  it.each([
    ['2020-05-06', '2020-05-09', 'Saturday after Labour Day'],
    ['2020-09-24', '2020-09-27', 'Sunday before National Day'],
    ['2021-02-17', '2021-02-20', 'Saturday after Spring Festival'],
  ])('a period ending on a make-up working day does not roll (%s + 3 → %s, %s)', (start, last) => {
    expect(end(`${start}T10:00:00+08:00`, 3, 'DAYS')).toEqual(endOf(last));
  });

  it('7 days ending on National Day 2020 roll past the whole holiday to Friday 10-09', () => {
    expect(end('2020-09-24T10:00:00+08:00', 7, 'DAYS')).toEqual(endOf('2020-10-09'));
  });

  it('7 days ending on a working day do not roll', () => {
    expect(end('2021-02-03T10:00:00+08:00', 7, 'DAYS')).toEqual(endOf('2021-02-10'));
  });

  it('30 days: 2020-04-10 + 30 is Sunday 05-10, so Monday 05-11', () => {
    expect(end('2020-04-10T10:00:00+08:00', 30, 'DAYS')).toEqual(endOf('2020-05-11'));
  });

  it('30 days from 2020-09-01 end on National Day, so on 10-09', () => {
    expect(end('2020-09-01T10:00:00+08:00', 30, 'DAYS')).toEqual(endOf('2020-10-09'));
  });

  it('counts 29 February: 60 days after 2020-01-01 are Sunday 03-01, so Monday 03-02', () => {
    expect(end('2020-01-01T10:00:00+08:00', 60, 'DAYS')).toEqual(endOf('2020-03-02'));
  });

  it('starts from the local day: 00:30 in Beijing is the previous day in UTC', () => {
    // Started 2020-04-30 local: 1 day ends on Labour Day, rolled to 05-06. Counting from the UTC date
    // (04-29) would have ended on Thursday 04-30.
    expect(end('2020-04-30T00:30:00+08:00', 1, 'DAYS')).toEqual(endOf('2020-05-06'));
  });

  it('starts from the local day: 22:00 at UTC-5 is already the next day in UTC', () => {
    // Local start 2020-04-29 (UTC 04-30 03:00): 1 day ends on Thursday 04-30, not on the holiday.
    expect(end('2020-04-29T22:00:00-05:00', 1, 'DAYS', '-05:00')).toEqual(endOf('2020-04-30', '-05:00'));
  });

  it('a start late in the evening is still that local day', () => {
    expect(end('2020-04-27T23:30:00+08:00', 1, 'DAYS')).toEqual(endOf('2020-04-28'));
  });

  it('0 days is the end of the starting day, rolled like any last day', () => {
    expect(end('2020-04-29T10:00:00+08:00', 0, 'DAYS')).toEqual(endOf('2020-04-29'));
    expect(end('2020-05-02T10:00:00+08:00', 0, 'DAYS')).toEqual(endOf('2020-05-06'));
  });
});

describe('WORKING_DAYS', () => {
  it('3 working days after Thursday 2020-04-30 end on 2020-05-08 (DOMAIN.md §8)', () => {
    expect(end('2020-04-30T10:00:00+08:00', 3, 'WORKING_DAYS')).toEqual(endOf('2020-05-08'));
  });

  it('counts the make-up Saturday 2020-05-09 as the 4th', () => {
    expect(end('2020-04-30T10:00:00+08:00', 4, 'WORKING_DAYS')).toEqual(endOf('2020-05-09'));
  });

  it('starts from the local day: 2020-04-30 00:30 in Beijing, not 04-29 in UTC', () => {
    // From 04-29 the 3rd working day would be 05-07.
    expect(end('2020-04-29T16:30:00Z', 3, 'WORKING_DAYS')).toEqual(endOf('2020-05-08'));
  });

  it('across Spring Festival 2021: after 02-09 come 02-10, 02-18, 02-19, Saturday 02-20 and 02-22', () => {
    expect(end('2021-02-09T10:00:00+08:00', 1, 'WORKING_DAYS')).toEqual(endOf('2021-02-10'));
    expect(end('2021-02-09T10:00:00+08:00', 2, 'WORKING_DAYS')).toEqual(endOf('2021-02-18'));
    expect(end('2021-02-09T10:00:00+08:00', 4, 'WORKING_DAYS')).toEqual(endOf('2021-02-20'));
    expect(end('2021-02-09T10:00:00+08:00', 5, 'WORKING_DAYS')).toEqual(endOf('2021-02-22'));
  });

  it('counts the make-up Sunday 2021-02-07', () => {
    expect(end('2021-02-06T10:00:00+08:00', 1, 'WORKING_DAYS')).toEqual(endOf('2021-02-07'));
  });

  it('before National Day 2020: after Friday 09-25 come Sunday 09-27 (worked), 09-28, 09-29', () => {
    expect(end('2020-09-25T10:00:00+08:00', 3, 'WORKING_DAYS')).toEqual(endOf('2020-09-29'));
  });

  it('across National Day 2020: after 09-30 come 10-09, Saturday 10-10 (worked) and Monday 10-12', () => {
    expect(end('2020-09-30T10:00:00+08:00', 2, 'WORKING_DAYS')).toEqual(endOf('2020-10-10'));
    expect(end('2020-09-30T10:00:00+08:00', 3, 'WORKING_DAYS')).toEqual(endOf('2020-10-12'));
  });

  it('counts across a year end (2020 into 2021, New Year holiday 01-01..01-03)', () => {
    expect(end('2020-12-30T10:00:00+08:00', 2, 'WORKING_DAYS')).toEqual(endOf('2021-01-04'));
  });

  it('0 working days is the end of the starting day, even on a holiday', () => {
    expect(end('2020-05-02T10:00:00+08:00', 0, 'WORKING_DAYS')).toEqual(endOf('2020-05-02'));
  });
});

describe('Bad input', () => {
  it.each([
    [-1, 'DAYS'],
    [1.5, 'WORKING_DAYS'],
    [3651, 'DAYS'],
    [2501, 'WORKING_DAYS'],
    [87_601, 'HOURS'],
  ] as const)('refuses %s %s, naming the amount', (amount, unit) => {
    expect(problemsOf(() => end('2020-04-30T10:00:00+08:00', amount, unit))).toEqual([
      { field: 'amount', message: expect.stringMatching(/whole number from 0 to/) },
    ]);
  });

  it('accepts the maximum: 3650 days from 2020-01-01 end on Saturday 2029-12-29, rolled to Monday', () => {
    // Years after the package's last are added as weekends only, to reach that far.
    const calendar = holidayCalendar({ '2027': {}, '2028': {}, '2029': {} });
    expect(end('2020-01-01T10:00:00+08:00', 3650, 'DAYS', '+08:00', calendar)).toEqual(endOf('2029-12-31'));
    expect(end('2025-01-01T10:00:00+08:00', 87_600, 'HOURS')).toEqual(new Date('2034-12-30T10:00:00+08:00'));
  });

  it.each(['+8', '08:00', '+15:00', '+08:60', 'Z'])('refuses the offset %s', (offset) => {
    expect(problemsOf(() => end('2020-04-30T10:00:00+08:00', 3, 'DAYS', offset))).toEqual([
      { field: 'utcOffset', message: expect.any(String) },
    ]);
  });

  it('refuses an invalid instant and an unknown unit', () => {
    expect(problemsOf(() => end('not a date', 3, 'DAYS'))[0]?.field).toBe('from');
    expect(problemsOf(() => end('2020-04-30T10:00:00+08:00', 3, 'WEEKS' as PeriodUnit))[0]?.field).toBe(
      'unit',
    );
  });
});

describe('Years the calendar does not know', () => {
  it('throws for a period in an unknown year, blaming `from`', () => {
    const problems = problemsOf(() => end('2003-06-02T10:00:00+08:00', 3, 'WORKING_DAYS'));
    expect(problems).toEqual([{ field: 'from', message: expect.stringMatching(/does not know 2003/) }]);
  });

  it('throws when a period runs past the last known year, blaming `amount`', () => {
    const lastKnown = packageCalendar.years.at(-1) as number;
    const problems = problemsOf(() => end(`${lastKnown}-12-20T10:00:00+08:00`, 30, 'WORKING_DAYS'));
    expect(problems).toEqual([
      { field: 'amount', message: expect.stringMatching(new RegExp(`does not know ${lastKnown + 1}`)) },
    ]);
  });

  it('carries the year and BAD_USER_INPUT for clients', () => {
    try {
      end('2003-06-02T10:00:00+08:00', 3, 'DAYS');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'from', year: 2003 } });
    }
  });
});

describe('Years the operator adds or replaces by setting', () => {
  // An invented 2031 arrangement: Spring Festival 01-22..01-28, worked Sunday 01-19 and Saturday 02-08.
  const settings = {
    calendar: {
      years: {
        '2031': {
          holidays: ['2031-01-01', ...['22', '23', '24', '25', '26', '27', '28'].map((d) => `2031-01-${d}`)],
          workdays: ['2031-01-19', '2031-02-08'],
        },
      },
    },
  };
  const time = districtTime(settings);
  const in2031 = (from: string, amount: number, unit: PeriodUnit) =>
    end(from, amount, unit, time.timeZone, time.calendar);

  it('counts working days in an added year, with its holidays and make-up days', () => {
    expect(in2031('2031-01-21T10:00:00+08:00', 3, 'WORKING_DAYS')).toEqual(endOf('2031-01-31'));
    expect(in2031('2031-01-18T10:00:00+08:00', 1, 'WORKING_DAYS')).toEqual(endOf('2031-01-19'));
    expect(in2031('2031-02-07T10:00:00+08:00', 1, 'WORKING_DAYS')).toEqual(endOf('2031-02-08'));
  });

  it('rolls days in an added year', () => {
    expect(in2031('2031-01-20T10:00:00+08:00', 3, 'DAYS')).toEqual(endOf('2031-01-29'));
  });

  it('keeps the package years and the default time zone', () => {
    expect(time.timeZone).toBe('+08:00');
    expect(in2031('2020-04-30T10:00:00+08:00', 3, 'WORKING_DAYS')).toEqual(endOf('2020-05-08'));
  });

  it('replaces a package year entirely: 2020 with no holidays counts Labour Day as working days', () => {
    const calendar = holidayCalendar({ '2020': { holidays: [], workdays: [] } });
    expect(end('2020-04-30T10:00:00+08:00', 3, 'WORKING_DAYS', '+08:00', calendar)).toEqual(
      endOf('2020-05-05'),
    );
    expect(calendar.isWorkingDay('2020-05-09')).toBe(false);
  });

  it('takes the district time zone from the settings', () => {
    expect(districtTime({ calendar: { timeZone: '+05:45' } }).timeZone).toBe('+05:45');
    expect(districtTime({}).timeZone).toBe('+08:00');
  });
});

describe('Validation of the calendar settings', () => {
  const invalid = (calendar: unknown) => () => readSection({ calendar }, 'calendar', CalendarSettings);

  it.each([
    [{ years: { '2031': { holidays: ['2031-13-01'] } } }, 'calendar.years.2031.holidays.0', /YYYY-MM-DD/],
    [{ years: { '2031': { holidays: ['2031-02-30'] } } }, 'calendar.years.2031.holidays.0', /YYYY-MM-DD/],
    [{ years: { '2031': { holidays: ['2032-01-01'] } } }, 'calendar.years.2031.holidays.0', /not in 2031/],
    [
      { years: { '2031': { holidays: ['2031-01-25'], workdays: ['2031-01-25'] } } },
      'calendar.years.2031.workdays.0',
      /both a holiday and a working day/,
    ],
    [
      { years: { '2031': { workdays: ['2031-01-20'] } } },
      'calendar.years.2031.workdays.0',
      /Saturday or Sunday/,
    ],
    [{ years: { next: { holidays: [] } } }, 'calendar.years.next', /keyed by a year/],
    [{ years: { '2031': { holiday: [] } } }, 'calendar.years.2031', /holiday/],
    [{ timeZone: 'Asia/Shanghai' }, 'calendar.timeZone', /UTC offset/],
  ])('refuses %j, naming %s', (calendar, field, reason) => {
    expect(invalid(calendar)).toThrow(SettingsError);
    expect(invalid(calendar)).toThrow(field);
    expect(invalid(calendar)).toThrow(reason);
  });

  it('applies the defaults to an absent section', () => {
    expect(readSection({}, 'calendar', CalendarSettings)).toEqual({ timeZone: '+08:00', years: {} });
  });
});

describe('A calendar is an interface', () => {
  it('lets a caller pass any calendar, e.g. one where every day is worked', () => {
    const everyDay: HolidayCalendar = {
      years: [2020],
      knowsYear: (y) => y === 2020,
      isWorkingDay: () => true,
    };
    expect(end('2020-04-30T10:00:00+08:00', 3, 'WORKING_DAYS', '+08:00', everyDay)).toEqual(
      endOf('2020-05-03'),
    );
  });
});

describe('The compact holiday data', () => {
  it('is generated from the pinned chinese-days package and current (run `npm run calendar:data` when this fails)', () => {
    const file = readFileSync(new URL('../../services/shared/time/holiday-data.ts', import.meta.url), 'utf8');
    expect(file).toBe(renderHolidayData());
  });
});
