/**
 * Daily penalties as decree 28 counts them (services/cases/daily-penalty.ts): days from the day after
 * service to the re-inspection day that finds the violation, inclusive; the original fine per day;
 * accumulating across re-inspections; a correction ends the cycle; measures that stop the discharge
 * stop the count.
 */
import { describe, expect, it } from 'vitest';
import {
  assessCycle,
  type CycleFacts,
  dailyPenalty,
  daysInclusive,
  PenaltyCycleError,
  stoppedDaysIn,
} from '../../../services/cases/daily-penalty.ts';
import { fenToYuan } from '../../../services/cases/money.ts';
import { addDays } from '../../../services/shared/time/offset.ts';

const FINE = 20_000_000; // 200,000 CNY in fen
const cycle = (over: Partial<CycleFacts>): CycleFacts => ({
  fineFen: FINE,
  servedOn: '2020-05-01',
  reinspections: [],
  stoppages: [],
  ...over,
});

describe('Daily penalty (按日连续处罚)', () => {
  it('fines 200,000 CNY × 20 days = 4,000,000 CNY when the re-inspection 20 days after service finds the violation', () => {
    const result = assessCycle(
      cycle({ reinspections: [{ on: '2020-05-21', finding: 'VIOLATION_CONTINUES' }] }),
    );

    expect(result.decisions).toEqual([
      {
        reinspectedOn: '2020-05-21',
        from: '2020-05-02',
        to: '2020-05-21',
        stoppedDays: 0,
        days: 20,
        amountFen: 400_000_000,
      },
    ]);
    expect(fenToYuan(result.totalFen)).toBe('4000000.00');
    expect(result.ended).toBe(false);
  });

  it('does not count the day of service, and counts the re-inspection day', () => {
    expect(dailyPenalty(FINE, '2020-05-01', '2020-05-02', []).days).toBe(1);
    expect(dailyPenalty(FINE, '2020-05-01', '2020-05-01', []).days).toBe(0);
  });

  it('counts calendar days: holidays are not rolled over, months and leap days are counted as they are', () => {
    expect(dailyPenalty(FINE, '2020-04-30', '2020-05-06', []).days).toBe(6); // Labour Day holidays count
    expect(dailyPenalty(FINE, '2020-02-20', '2020-03-01', []).days).toBe(10); // 2020 is a leap year
    expect(dailyPenalty(FINE, '2019-02-20', '2019-03-01', []).days).toBe(9);
    expect(dailyPenalty(FINE, '2020-12-25', '2021-01-04', []).days).toBe(10);
  });

  it('accumulates across re-inspections without gap or overlap: each decision counts from the day after the previous one', () => {
    const result = assessCycle(
      cycle({
        reinspections: [
          { on: '2020-05-21', finding: 'VIOLATION_CONTINUES' },
          { on: '2020-06-10', finding: 'VIOLATION_CONTINUES' },
          { on: '2020-06-12', finding: 'VIOLATION_CONTINUES' },
        ],
      }),
    );

    expect(result.decisions.map((d) => [d.from, d.to, d.days])).toEqual([
      ['2020-05-02', '2020-05-21', 20],
      ['2020-05-22', '2020-06-10', 20],
      ['2020-06-11', '2020-06-12', 2],
    ]);
    expect(result.totalDays).toBe(daysInclusive('2020-05-02', '2020-06-12'));
    expect(result.totalFen).toBe(42 * FINE);
  });

  it('ends the cycle when a re-inspection finds the violation corrected, with no penalty for that stretch', () => {
    const result = assessCycle(
      cycle({
        reinspections: [
          { on: '2020-05-21', finding: 'VIOLATION_CONTINUES' },
          { on: '2020-06-01', finding: 'CORRECTED' },
        ],
      }),
    );

    expect(result.decisions).toHaveLength(1);
    expect(result.totalDays).toBe(20);
    expect(result.ended).toBe(true);
  });

  it('refuses a re-inspection after the correction was found: a recurrence is a new cycle', () => {
    expect(() =>
      assessCycle(
        cycle({
          reinspections: [
            { on: '2020-05-21', finding: 'CORRECTED' },
            { on: '2020-06-01', finding: 'VIOLATION_CONTINUES' },
          ],
        }),
      ),
    ).toThrow(PenaltyCycleError);
  });

  it('starts a new cycle from its own service: nothing of the previous cycle is counted again', () => {
    const first = assessCycle(
      cycle({
        reinspections: [
          { on: '2020-05-21', finding: 'VIOLATION_CONTINUES' },
          { on: '2020-06-01', finding: 'CORRECTED' },
        ],
      }),
    );
    const second = assessCycle(
      cycle({
        servedOn: '2020-08-01',
        reinspections: [{ on: '2020-08-11', finding: 'VIOLATION_CONTINUES' }],
      }),
    );

    expect([first.totalDays, second.totalDays]).toEqual([20, 10]);
  });

  it('refuses re-inspections out of order', () => {
    expect(() =>
      assessCycle(cycle({ reinspections: [{ on: '2020-04-30', finding: 'VIOLATION_CONTINUES' }] })),
    ).toThrow(/before 2020-05-01/);
    expect(() =>
      assessCycle(
        cycle({
          reinspections: [
            { on: '2020-05-21', finding: 'VIOLATION_CONTINUES' },
            { on: '2020-05-20', finding: 'VIOLATION_CONTINUES' },
          ],
        }),
      ),
    ).toThrow(PenaltyCycleError);
  });

  it('refuses a cycle without a positive fine in fen', () => {
    expect(() => assessCycle(cycle({ fineFen: 0 }))).toThrow(PenaltyCycleError);
    expect(() => assessCycle(cycle({ fineFen: 1.5 }))).toThrow(PenaltyCycleError);
  });

  describe('measures that stop the discharge', () => {
    it('stop the count from the day they take effect to the day before they are lifted', () => {
      const decision = dailyPenalty(FINE, '2020-05-01', '2020-05-21', [
        { from: '2020-05-10', until: '2020-05-15' },
      ]);

      expect(decision).toMatchObject({ stoppedDays: 5, days: 15, amountFen: 15 * FINE });
    });

    it('stop it to the end of the window while they run', () => {
      expect(dailyPenalty(FINE, '2020-05-01', '2020-05-21', [{ from: '2020-05-12' }]).days).toBe(10);
    });

    it('count overlapping days once, and nothing outside the window', () => {
      const stoppages = [
        { from: '2020-05-05', until: '2020-05-09' },
        { from: '2020-05-07', until: '2020-05-11' },
        { from: '2020-04-01', until: '2020-05-01' },
        { from: '2020-05-25' },
      ];

      expect(stoppedDaysIn('2020-05-02', '2020-05-21', stoppages)).toBe(6);
    });

    it('stop the count of the cycle across its decisions', () => {
      const result = assessCycle(
        cycle({
          reinspections: [
            { on: '2020-05-21', finding: 'VIOLATION_CONTINUES' },
            { on: '2020-06-10', finding: 'VIOLATION_CONTINUES' },
          ],
          stoppages: [{ from: '2020-05-20', until: '2020-05-24' }],
        }),
      );

      expect(result.decisions.map((d) => d.stoppedDays)).toEqual([2, 2]);
      expect(result.totalDays).toBe(36);
    });
  });

  it('agrees with a day-by-day count over many generated cycles', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let run = 0; run < 300; run++) {
      const servedOn = addDays('2020-01-01', random(700));
      const reinspections: { on: string; finding: 'VIOLATION_CONTINUES' }[] = [];
      let day = servedOn;
      for (let k = random(4); k >= 0; k--) {
        day = addDays(day, random(40));
        reinspections.push({ on: day, finding: 'VIOLATION_CONTINUES' });
      }
      const stoppages = Array.from({ length: random(3) }, () => {
        const from = addDays(servedOn, random(80));
        return random(2) ? { from, until: addDays(from, 1 + random(20)) } : { from };
      });
      let expected = 0;
      for (let d = addDays(servedOn, 1); d <= day; d = addDays(d, 1)) {
        if (!stoppages.some((s) => s.from <= d && (!s.until || d < s.until))) expected++;
      }

      const result = assessCycle({ fineFen: 123_456, servedOn, reinspections, stoppages });

      expect(result.totalDays, JSON.stringify({ servedOn, reinspections, stoppages })).toBe(expected);
      expect(result.totalFen).toBe(expected * 123_456);
    }
  });
});
