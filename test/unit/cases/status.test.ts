import { describe, expect, it } from 'vitest';
import { CasesSettings } from '../../../services/cases/settings.ts';
import { caseMachine, handoffMachine } from '../../../services/cases/status.ts';
import { TransitionRefusedError } from '../../../services/shared/commands/transitions.ts';
import { readSection, SettingsError } from '../../../services/shared/settings.ts';

function refusal(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof TransitionRefusedError) return error.reason;
    throw error;
  }
  return undefined;
}

describe('Case state machine', () => {
  it('runs OPEN → INVESTIGATING → PENALTY_DECIDED → RECTIFYING → CLOSED', () => {
    expect(caseMachine.next('OPEN', 'startInvestigation')).toBe('INVESTIGATING');
    expect(caseMachine.next('INVESTIGATING', 'decidePenalty')).toBe('PENALTY_DECIDED');
    expect(caseMachine.next('PENALTY_DECIDED', 'serveCorrectionOrder')).toBe('RECTIFYING');
    expect(caseMachine.next('RECTIFYING', 'recordReinspection')).toBe('RECTIFYING');
    expect(caseMachine.next('RECTIFYING', 'close')).toBe('CLOSED');
  });

  it('goes back to the investigation on a recurrence, and closes without a penalty only before one', () => {
    expect(caseMachine.next('RECTIFYING', 'reportRecurrence')).toBe('INVESTIGATING');
    expect(caseMachine.next('OPEN', 'dismiss')).toBe('CLOSED');
    expect(refusal(() => caseMachine.next('PENALTY_DECIDED', 'dismiss'))).toBe('CASE_ALREADY_DECIDED');
  });

  it.each([
    ['OPEN', 'decidePenalty', 'CASE_NOT_INVESTIGATING'],
    ['INVESTIGATING', 'serveCorrectionOrder', 'PENALTY_NOT_DECIDED'],
    ['PENALTY_DECIDED', 'recordReinspection', 'CASE_NOT_RECTIFYING'],
    ['INVESTIGATING', 'close', 'PENALTY_NOT_DECIDED'],
    ['CLOSED', 'startInvestigation', 'CASE_NOT_OPEN'],
  ] as const)('refuses %s → %s with %s', (from, action, reason) => {
    expect(refusal(() => caseMachine.next(from, action))).toBe(reason);
  });

  it('suspects a crime once on the hand-off track', () => {
    expect(handoffMachine.next('NONE', 'suspectCrime')).toBe('CRIME_SUSPECTED');
    expect(refusal(() => handoffMachine.next('CRIME_SUSPECTED', 'suspectCrime'))).toBe(
      'CRIME_ALREADY_SUSPECTED',
    );
  });
});

describe('Cases settings', () => {
  it('defaults to the Yanhu bureau, 30 days to re-inspect, and the interpretation’s thresholds', () => {
    const settings = CasesSettings.parse({});
    expect(settings).toMatchObject({
      defaultBureauUnitId: 'yanhu-eeb',
      reinspectionPeriod: { amount: 30, unit: 'DAYS' },
      crimeGrounds: {
        multipleRule: 'C_AT_LEAST_K_TIMES_S',
        hazardousWasteTonnes: 3,
        gainsOrLossesYuan: 300_000,
        intakeStopHours: 12,
        priorPenalties: { count: 2, withinYears: 2 },
      },
    });
    expect(settings.crimeGrounds.heavyMetals.map((g) => g.multiple)).toEqual([3, 10]);
  });

  it('takes overrides and refuses invalid values, naming the field', () => {
    const settings = readSection(
      { cases: { crimeGrounds: { multipleRule: 'C_AT_LEAST_K_PLUS_ONE_TIMES_S' } } },
      'cases',
      CasesSettings,
    );
    expect(settings.crimeGrounds.multipleRule).toBe('C_AT_LEAST_K_PLUS_ONE_TIMES_S');
    expect(settings.crimeGrounds.hazardousWasteTonnes).toBe(3);
    expect(() =>
      readSection({ cases: { reinspectionPeriod: { amount: 0, unit: 'DAYS' } } }, 'cases', CasesSettings),
    ).toThrow(SettingsError);
    expect(() =>
      readSection({ cases: { crimeGrounds: { multipleRule: 'C>S' } } }, 'cases', CasesSettings),
    ).toThrow(/cases\.crimeGrounds\.multipleRule/);
  });
});
