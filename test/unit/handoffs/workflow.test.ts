/**
 * The hand-off workflow as a specification, pure: the guarded state machine, the side of each action,
 * the package rule, the reminder's place, and the limits counted the way DOMAIN.md §8 counts them with
 * the default settings (hours from the instant; days rolled past holidays; working days skipping them).
 */
import { describe, expect, it } from 'vitest';
import { HandoffsSettings, LIMIT_KEYS, type LIMITS } from '../../../services/handoffs/limits.ts';
import {
  ACTIONS,
  caseTrackAction,
  guardDocuments,
  HANDOFF_STATES,
  handoffWorkflow,
  nextState,
  reminderOffsetMs,
  requiredDocuments,
} from '../../../services/handoffs/workflow.ts';
import type { TransitionRefusedError } from '../../../services/shared/commands/transitions.ts';
import { packageCalendar } from '../../../services/shared/time/calendar.ts';
import { periodEnd } from '../../../services/shared/time/periods.ts';

const zone = { utcOffset: '+08:00', calendar: packageCalendar };
const defaults = HandoffsSettings.parse({});
const due = (from: string, key: keyof typeof LIMITS) =>
  periodEnd(new Date(from), defaults.limits[key], zone).toISOString();
const reason = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as TransitionRefusedError).reason;
  }
  return 'ALLOWED';
};

describe('The hand-off workflow', () => {
  it('runs report → approval → transfer → receipt → decision, and refuses steps out of order with a reason', () => {
    let state = nextState('PROPOSED', 'report', 'h');
    for (const action of ['approve', 'transfer', 'receive', 'decline', 'requestReconsideration'] as const)
      state = nextState(state, action, 'h');
    expect(state).toBe('RECONSIDERATION_REQUESTED');
    expect(reason(() => nextState('PROPOSED', 'transfer', 'h'))).toBe('HANDOFF_NOT_APPROVED');
    expect(reason(() => nextState('TRANSFERRED', 'file', 'h'))).toBe('HANDOFF_NOT_UNDER_REVIEW');
    expect(reason(() => nextState('FILED', 'extendDecisionPeriod', 'h'))).toBe('HANDOFF_NOT_UNDER_REVIEW');
    expect(reason(() => nextState('DECLINED', 'requestSupervision', 'h'))).toBe('RECONSIDERATION_NOT_UPHELD');
  });

  it('lets the police file after the procuratorate’s supervision, and the bureau accept a refusal at each stage', () => {
    expect(nextState('UNDER_SUPERVISION', 'file', 'h')).toBe('FILED');
    for (const from of ['DECLINED', 'RECONSIDERATION_UPHELD', 'UNDER_SUPERVISION'] as const)
      expect(nextState(from, 'acceptDecision', 'h')).toBe('DECLINED_FINAL');
    expect(handoffWorkflow.allowed('FILED')).toEqual([]);
    expect(HANDOFF_STATES.filter((s) => handoffWorkflow.allowed(s).length === 0)).toEqual([
      'WITHDRAWN',
      'FILED',
      'DECLINED_FINAL',
    ]);
  });

  it('gives each step to one side: the bureau, its head, or the police', () => {
    const by = (side: string) =>
      Object.entries(ACTIONS)
        .filter(([, spec]) => spec.by === side)
        .map(([action]) => action);
    expect(by('HEAD')).toEqual(['approve', 'refuse']);
    expect(by('POLICE')).toEqual([
      'receive',
      'requestMaterials',
      'extendDecisionPeriod',
      'file',
      'decline',
      'notifyDecision',
      'reconsiderFile',
      'reconsiderUphold',
    ]);
  });

  it('moves the case’s own track only when the hand-off is transferred or ends', () => {
    expect(HANDOFF_STATES.map((s) => [s, caseTrackAction(s)]).filter(([, a]) => a)).toEqual([
      ['WITHDRAWN', 'withdraw'],
      ['TRANSFERRED', 'handOff'],
      ['FILED', 'file'],
      ['DECLINED_FINAL', 'decline'],
    ]);
  });
});

describe('The transfer package', () => {
  it('requires the seized-items list, expert opinions and the penalty decision only when there are such', () => {
    const base = defaults.requiredDocuments;
    expect(
      requiredDocuments(base, { itemsSeized: false, expertOpinions: false, penaltyDecided: false }),
    ).toEqual(base);
    expect(
      requiredDocuments(base, { itemsSeized: true, expertOpinions: true, penaltyDecided: true }).slice(-3),
    ).toEqual(['SEIZED_ITEMS_LIST', 'EXPERT_OPINIONS', 'PENALTY_DECISION']);
  });

  it('names every missing kind when it refuses', () => {
    const refusal = (() => {
      try {
        guardDocuments(
          [{ kind: 'TRANSFER_LETTER', title: 't', fileRef: 'f', sha256: 'a' }],
          ['TRANSFER_LETTER', 'PHOTOS_VIDEO', 'MONITORING_REPORTS'],
          'R',
        );
      } catch (error) {
        return error as TransitionRefusedError;
      }
    })();
    expect(refusal?.details).toMatchObject({ reason: 'R', missing: ['PHOTOS_VIDEO', 'MONITORING_REPORTS'] });
  });
});

describe('Hand-off limits (default settings, Yanhu time)', () => {
  it('holds every limit of DOMAIN.md §3 with its documented default', () => {
    expect(
      Object.fromEntries(
        LIMIT_KEYS.map((k) => [k, `${defaults.limits[k].amount} ${defaults.limits[k].unit}`]),
      ),
    ).toEqual({
      report: '24 HOURS',
      approval: '3 DAYS',
      transfer: '24 HOURS',
      receipt: '24 HOURS',
      materialsRequest: '24 HOURS',
      materialsCompletion: '3 DAYS',
      decision: '3 DAYS',
      decisionVerification: '7 DAYS',
      decisionMajor: '30 DAYS',
      writtenNotice: '3 DAYS',
      seizedItems: '3 DAYS',
      reconsiderationRequest: '3 WORKING_DAYS',
      reconsiderationDecision: '3 WORKING_DAYS',
      supervisionRequest: '3 DAYS',
      platformEntry: '7 DAYS',
      consultationAnswer: '7 DAYS',
    });
  });

  it('counts a 24-hour transfer from the instant of the approval', () => {
    expect(due('2020-04-21T10:00:00+08:00', 'transfer')).toBe('2020-04-22T02:00:00.000Z');
  });

  it('rolls a 3-day decision that ends on Saturday 25 April 2020 to Sunday 26 April, a make-up working day', () => {
    expect(due('2020-04-22T09:00:00+08:00', 'decision')).toBe('2020-04-26T15:59:59.999Z');
  });

  it('rolls a written notice due on 1 May 2020 past Labour Day (1–5 May) to 6 May', () => {
    expect(due('2020-04-28T10:00:00+08:00', 'writtenNotice')).toBe('2020-05-06T15:59:59.999Z');
  });

  it('counts 3 working days from Thursday 30 April 2020 as 6, 7 and 8 May', () => {
    expect(due('2020-04-30T10:00:00+08:00', 'reconsiderationDecision')).toBe('2020-05-08T15:59:59.999Z');
  });

  it('counts 3 working days from 30 September 2020 across National Day (1–8 October) to 12 October, Saturday 10 October worked', () => {
    expect(due('2020-09-30T10:00:00+08:00', 'reconsiderationRequest')).toBe('2020-10-12T15:59:59.999Z');
  });

  it('lets the operator count a limit another way, refusing an impossible period', () => {
    const custom = HandoffsSettings.parse({ limits: { decision: { amount: 3, unit: 'WORKING_DAYS' } } });
    expect(custom.limits.decision.unit).toBe('WORKING_DAYS');
    expect(custom.limits.approval).toEqual({ amount: 3, unit: 'DAYS' });
    expect(HandoffsSettings.safeParse({ limits: { decision: { amount: 0, unit: 'DAYS' } } }).success).toBe(
      false,
    );
    expect(HandoffsSettings.safeParse({ limits: { unknown: { amount: 1, unit: 'DAYS' } } }).success).toBe(
      false,
    );
  });

  it('reminds at half the period, never more than a day before the due instant', () => {
    const start = new Date('2020-04-21T10:00:00+08:00');
    expect(reminderOffsetMs(start, new Date(start.getTime() + 24 * 3_600_000))).toBe(-12 * 3_600_000);
    expect(reminderOffsetMs(start, new Date('2020-05-08T23:59:59.999+08:00'))).toBe(-24 * 3_600_000);
  });
});
