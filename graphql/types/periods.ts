/** `periodEnd`: when a statutory period ends, for front ends that preview deadlines (DOMAIN.md §8). */
import { timeOf } from '../../services/shared/deps.ts';
import { PERIOD_UNITS, periodEnd } from '../../services/shared/time/periods.ts';
import { builder } from '../builder.ts';

const PeriodUnitEnum = builder.enumType('PeriodUnit', {
  description:
    'HOURS run from the instant; DAYS do not count the starting day and end at 24:00 of the last day, ' +
    'moved to the next working day when it is a holiday or rest day; WORKING_DAYS skip weekends and ' +
    'statutory holidays and count make-up working days (调休).',
  values: PERIOD_UNITS,
});

builder.queryField('periodEnd', (t) =>
  t.field({
    type: 'DateTime',
    description:
      'The instant a period started at `from` ends; a day ends at its last millisecond (23:59:59.999 local). ' +
      'Local days are counted at `utcOffset` (default: the district’s, +08:00 unless the operator set another).',
    authScopes: { authenticated: true },
    args: {
      from: t.arg({ type: 'DateTime', required: true }),
      amount: t.arg.int({
        required: true,
        description: 'From 0 to 87600 hours, 3650 days or 2500 working days.',
      }),
      unit: t.arg({ type: PeriodUnitEnum, required: true }),
      utcOffset: t.arg.string({ description: 'e.g. +08:00' }),
    },
    resolve: (_root, args, ctx) =>
      periodEnd(
        new Date(args.from),
        { amount: args.amount, unit: args.unit },
        { utcOffset: args.utcOffset ?? timeOf(ctx).timeZone, calendar: timeOf(ctx).calendar },
      ).toISOString(),
  }),
);
