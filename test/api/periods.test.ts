/**
 * Specification of the `periodEnd` preview query: any authenticated caller asks when a statutory period
 * ends; bad input names its argument; the district's time zone and calendar come from the server's
 * settings.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { holidayCalendar } from '../../services/shared/time/calendar.ts';
import { createTestApi, type GraphqlResponse, type TestApi } from '../support/api.ts';

const PERIOD_END = `query PeriodEnd($from: DateTime!, $amount: Int!, $unit: PeriodUnit!, $utcOffset: String) {
  periodEnd(from: $from, amount: $amount, unit: $unit, utcOffset: $utcOffset)
}`;

type Answer = GraphqlResponse;

function onlyError(response: Answer) {
  expect(response.errors, JSON.stringify(response)).toHaveLength(1);
  return response.errors![0]!;
}

describe('periodEnd', () => {
  let api: TestApi;
  let officer: string;

  beforeAll(async () => {
    api = await createTestApi({ label: 'periods', loadYanhu: false });
    officer = await api.token('UNIT_OFFICER', 'yanhu-housing');
  });

  it('3 working days after Thursday 2020-04-30 end at 24:00 of 2020-05-08 Beijing time', async () => {
    const response = await api.gql(
      PERIOD_END,
      { from: '2020-04-30T10:00:00+08:00', amount: 3, unit: 'WORKING_DAYS' },
      officer,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ periodEnd: '2020-05-08T15:59:59.999Z' });
  });

  it('rolls days past a holiday and runs hours from the instant', async () => {
    const days = await api.gql(
      PERIOD_END,
      { from: '2020-04-28T10:00:00+08:00', amount: 3, unit: 'DAYS' },
      officer,
    );
    expect(days.data).toEqual({ periodEnd: '2020-05-06T15:59:59.999Z' });
    const hours = await api.gql(
      PERIOD_END,
      { from: '2020-04-30T23:30:00+08:00', amount: 24, unit: 'HOURS' },
      officer,
    );
    expect(hours.data).toEqual({ periodEnd: '2020-05-01T15:30:00.000Z' });
  });

  it('counts local days at the utcOffset given', async () => {
    const response = await api.gql(
      PERIOD_END,
      { from: '2020-04-29T22:00:00-05:00', amount: 1, unit: 'DAYS', utcOffset: '-05:00' },
      officer,
    );
    expect(response.data).toEqual({ periodEnd: '2020-05-01T04:59:59.999Z' });
  });

  it('is open to every role, and to no one without a token', async () => {
    const variables = { from: '2020-04-30T10:00:00+08:00', amount: 3, unit: 'WORKING_DAYS' };
    for (const role of ['SUPERVISOR', 'ENFORCEMENT_OFFICER', 'POLICE_OFFICER', 'INTEGRATOR'] as const) {
      const response = await api.gql(PERIOD_END, variables, await api.token(role, 'yanhu-gov-office'));
      expect(response.data, role).toEqual({ periodEnd: '2020-05-08T15:59:59.999Z' });
    }
    const anonymous = await api.gql(PERIOD_END, variables);
    expect(onlyError(anonymous).extensions?.code).toBe('UNAUTHENTICATED');
    expect(anonymous.data).toBeNull();
  });

  it.each([
    ['an amount out of range', { amount: 3651, unit: 'DAYS' }, 'amount', /0 to 3650/],
    ['a negative amount', { amount: -1, unit: 'HOURS' }, 'amount', /whole number/],
    ['a bad offset', { amount: 3, unit: 'DAYS', utcOffset: '+8' }, 'utcOffset', /UTC offset/],
    [
      'a year the calendar does not know',
      { from: '2003-06-02T10:00:00+08:00', amount: 3, unit: 'DAYS' },
      'from',
      /does not know 2003.*calendar\.years/,
    ],
    ['an unknown unit', { amount: 3, unit: 'WEEKS' }, 'unit', /PeriodUnit/],
    [
      'an instant without an offset',
      { from: '2020-04-30T10:00:00', amount: 3, unit: 'DAYS' },
      'from',
      /offset/,
    ],
  ])('answers BAD_USER_INPUT for %s, naming the field', async (_name, args, field, message) => {
    const response = await api.gql(PERIOD_END, { from: '2020-04-30T10:00:00+08:00', ...args }, officer);
    const error = onlyError(response);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(error.message).toMatch(message);
  });
});

describe('periodEnd with the operator settings', () => {
  let api: TestApi;
  let officer: string;

  beforeAll(async () => {
    api = await createTestApi({
      label: 'periods-settings',
      loadYanhu: false,
      time: {
        timeZone: '-05:00',
        calendar: holidayCalendar({ '2031': { holidays: ['2031-01-01'], workdays: ['2031-01-04'] } }),
      },
    });
    officer = await api.token('UNIT_OFFICER', 'yanhu-housing');
  });

  it('counts in the district time zone when no utcOffset is given', async () => {
    const response = await api.gql(
      PERIOD_END,
      { from: '2020-04-29T22:00:00-05:00', amount: 1, unit: 'DAYS' },
      officer,
    );
    expect(response.data).toEqual({ periodEnd: '2020-05-01T04:59:59.999Z' });
  });

  it('knows the year the operator added', async () => {
    // Saturday 2031-01-04 is worked: after Wednesday 01-01 come 01-02, 01-03 and 01-04.
    const response = await api.gql(
      PERIOD_END,
      { from: '2031-01-01T10:00:00+08:00', amount: 3, unit: 'WORKING_DAYS', utcOffset: '+08:00' },
      officer,
    );
    expect(response.data).toEqual({ periodEnd: '2031-01-04T15:59:59.999Z' });
  });
});
