/**
 * The kernel's escalation ladder (services/shared/deadlines/ladder.ts) as a specification, over every
 * state a deadline can be in: before the first step, between steps, at each step's instant, after the
 * last, with steps fired or skipped, and reopened. Also the plan's reading of who is chased (roles.ts).
 */
import { describe, expect, it } from 'vitest';
import { entitiesFromDocument } from '../../services/plan/document.ts';
import { milestoneLadder, stepData } from '../../services/plan/milestone-deadline.ts';
import { DEFAULT_LADDER, PlanDocument, type Task } from '../../services/plan/model.ts';
import yanhu from '../../services/plan/plans/yanhu-2020.json' with { type: 'json' };
import { chasedUnitIds, unitsInRole } from '../../services/plan/roles.ts';
import { DAY_MS, HOUR_MS } from '../../services/shared/clock.ts';
import {
  decideStep,
  dueSteps,
  firstOpenStep,
  type LadderStep,
  ladderTimer,
  stepInstant,
  stepUpdate,
} from '../../services/shared/deadlines/ladder.ts';
import { deadlineState } from '../../services/shared/deadlines/records.ts';

const DUE = '2020-04-30T15:59:59.000Z';
const at = (offsetMs: number) => new Date(Date.parse(DUE) + offsetMs);
const LADDER: LadderStep[] = [
  { id: 'DueSoon', offsetMs: -7 * DAY_MS, notify: ['LEAD'] },
  { id: 'Overdue', offsetMs: 0, notify: ['LEAD'] },
  { id: 'Escalated', offsetMs: 7 * DAY_MS, notify: ['GOVERNMENT'] },
  { id: 'Interview', offsetMs: 30 * DAY_MS, notify: ['SUPERVISOR'] },
];

describe('Ladder', () => {
  it('places each step at its offset from the due instant', () => {
    expect(LADDER.map((s) => stepInstant(s, DUE).toISOString())).toEqual([
      '2020-04-23T15:59:59.000Z',
      '2020-04-30T15:59:59.000Z',
      '2020-05-07T15:59:59.000Z',
      '2020-05-30T15:59:59.000Z',
    ]);
  });

  it('arms a timer on each step in turn, and none past the last', () => {
    expect(ladderTimer('K', LADDER, DUE, 0)).toEqual({
      timerShard: 'TIMER',
      timerAt: '2020-04-23T15:59:59.000Z',
      timerKind: 'K',
      timerStep: 0,
    });
    expect(ladderTimer('K', LADDER, DUE, 3)?.timerAt).toBe('2020-05-30T15:59:59.000Z');
    expect(ladderTimer('K', LADDER, DUE, 4)).toBeNull();
    expect(ladderTimer('K', [], DUE, 0)).toBeNull();
  });

  describe('due steps, from every position and at every instant', () => {
    const instants: [string, number][] = [
      ['a month before', -30 * DAY_MS],
      ['just before the reminder', -7 * DAY_MS - 1],
      ['at the reminder', -7 * DAY_MS],
      ['between reminder and due', -DAY_MS],
      ['at the due instant', 0],
      ['a millisecond after', 1],
      ['at the escalation', 7 * DAY_MS],
      ['between escalation and interview', 20 * DAY_MS],
      ['at the interview', 30 * DAY_MS],
      ['a year after', 365 * DAY_MS],
    ];
    const reached = (offset: number) => LADDER.filter((s) => s.offsetMs <= offset).length;
    for (const [label, offset] of instants) {
      for (let from = 0; from <= LADDER.length; from++) {
        it(`${label}, ladder at step ${from}`, () => {
          const due = dueSteps(LADDER, DUE, from, at(offset));
          const expected = Math.max(0, reached(offset) - from);
          expect(due.map((d) => d.index)).toEqual(Array.from({ length: expected }, (_, i) => from + i));
          for (const d of due) {
            // A reminder whose due instant has passed is skipped; every other step fires.
            const moot = d.step.offsetMs < 0 && offset > 0;
            expect(d.decision).toBe(moot ? 'SKIP' : 'FIRE');
          }
        });
      }
    }
  });

  it('skips only reminders, and only once the due instant has passed', () => {
    expect(decideStep(LADDER[0] as LadderStep, DUE, at(0))).toBe('FIRE');
    expect(decideStep(LADDER[0] as LadderStep, DUE, at(1))).toBe('SKIP');
    expect(decideStep(LADDER[1] as LadderStep, DUE, at(HOUR_MS))).toBe('FIRE');
    expect(decideStep(LADDER[3] as LadderStep, DUE, at(400 * DAY_MS))).toBe('FIRE');
  });

  describe('where a reopened deadline resumes', () => {
    it('at the first step when nothing happened', () => {
      expect(firstOpenStep(LADDER, { firedSteps: {} })).toBe(0);
    });
    it('after the steps that fired or were skipped', () => {
      expect(firstOpenStep(LADDER, { firedSteps: { Overdue: 'x' }, skippedSteps: ['DueSoon'] })).toBe(2);
    });
    it('past the end (no timer) when every step happened', () => {
      const all = { firedSteps: { DueSoon: 'a', Overdue: 'b', Escalated: 'c', Interview: 'd' } };
      expect(firstOpenStep(LADDER, all)).toBe(4);
      expect(ladderTimer('K', LADDER, DUE, firstOpenStep(LADDER, all))).toBeNull();
    });
    it('at a gap: a step that neither fired nor was skipped comes first', () => {
      expect(firstOpenStep(LADDER, { firedSteps: { DueSoon: 'a', Escalated: 'c' } })).toBe(1);
    });
  });

  describe('the update a step makes', () => {
    const now = at(0);
    it('records a fired step and moves the timer to the next one', () => {
      const { expression, names, values } = stepUpdate('K', LADDER, DUE, 1, 'FIRE', now).build();
      expect(expression).toMatch(/^SET /);
      expect(expression).not.toMatch(/REMOVE/);
      expect(Object.values(names ?? {})).toEqual(
        expect.arrayContaining(['firedSteps', 'Overdue', 'timerAt', 'timerStep']),
      );
      expect(Object.values(values ?? {})).toEqual(
        expect.arrayContaining([now.toISOString(), '2020-05-07T15:59:59.000Z', 2]),
      );
    });
    it('records a skipped step in skippedSteps', () => {
      const { names, values } = stepUpdate('K', LADDER, DUE, 0, 'SKIP', now).build();
      expect(Object.values(names ?? {})).toContain('skippedSteps');
      expect(Object.values(values ?? {})).toContainEqual(['DueSoon']);
    });
    it('takes the item off the timer index after the last step, in one REMOVE clause', () => {
      const { expression } = stepUpdate('K', LADDER, DUE, 3, 'FIRE', now).build();
      expect(expression.match(/REMOVE/g)).toHaveLength(1);
      expect(expression.match(/SET/g)).toHaveLength(1);
    });
  });

  it('tells where a deadline record stands at any instant', () => {
    const record = { dueAt: DUE, ladder: LADDER };
    expect(deadlineState(record, at(-8 * DAY_MS))).toBe('OPEN');
    expect(deadlineState(record, at(-7 * DAY_MS))).toBe('DUE_SOON');
    expect(deadlineState(record, at(0))).toBe('DUE_SOON');
    expect(deadlineState(record, at(1))).toBe('OVERDUE');
    expect(deadlineState({ ...record, outcome: 'MET' }, at(DAY_MS))).toBe('MET');
    expect(deadlineState({ ...record, outcome: 'LATE' }, at(DAY_MS))).toBe('LATE');
    expect(deadlineState({ dueAt: DUE, ladder: [] }, at(-DAY_MS))).toBe('OPEN');
  });
});

describe('The milestone ladder and whom it chases', () => {
  const entities = entitiesFromDocument(PlanDocument.parse(yanhu), new Date('2020-03-31T02:00:00Z'), 'test');
  const plan = entities.plan;
  const task = (n: string) => entities.tasks.find((t) => t.number === n) as Task;
  const milestone = (n: string) => entities.milestones.filter((m) => m.taskNumber === n)[0]!;

  it('reads the plan’s ladder in days as the kernel’s steps in milliseconds, ids = detail-types', () => {
    expect(milestoneLadder({ ladder: DEFAULT_LADDER })).toEqual([
      { id: 'MilestoneDueSoon', offsetMs: -7 * DAY_MS, notify: ['LEAD', 'RESPONSIBLE'] },
      { id: 'MilestoneOverdue', offsetMs: 0, notify: ['LEAD', 'SUPERVISOR'] },
      { id: 'MilestoneEscalated', offsetMs: 7 * DAY_MS, notify: ['GOVERNMENT', 'SUPERVISOR'] },
      { id: 'AccountabilityInterviewProposed', offsetMs: 30 * DAY_MS, notify: ['SUPERVISOR'] },
    ]);
  });

  it('leads a task with no LEAD by its RESPONSIBLE units (task 2)', () => {
    expect(unitsInRole(task('2'), 'LEAD')).toEqual(['yanhu-eeb']);
  });

  it('chases every cooperating unit of A9, where no unit leads or is responsible', () => {
    const a9 = task('A9');
    const all = [
      'yanhu-townships',
      'yanhu-agri',
      'yanhu-eeb',
      'yanhu-housing',
      'yanhu-water',
      'yanhu-police',
    ];
    expect(unitsInRole(a9, 'LEAD')).toEqual(all);
    expect(chasedUnitIds(a9)).toEqual(all);
    const ladder = milestoneLadder(plan);
    for (const step of ladder) {
      const data = stepData(step, plan, a9, milestone('A9'), entities.units);
      expect(data.recipientUnitIds.length, step.id).toBeGreaterThan(0);
      expect(data.responsibleUnitIds).toEqual(all);
    }
    const overdue = stepData(ladder[1] as LadderStep<never>, plan, a9, milestone('A9'), entities.units);
    // Groups expanded: the 21 divisions of 各乡镇办, the five agencies, and the supervisor.
    expect(overdue.recipientUnitIds).toEqual(
      expect.arrayContaining(['xiezhou', 'yanhu-police', 'yanhu-gov-office']),
    );
    expect(overdue.recipientUnitIds).not.toContain('yanhu-townships');
  });

  it('makes task 11’s quarterly monitoring the duty of 市生态环境局盐湖分局 alone', () => {
    const q = milestone('11');
    expect(unitsInRole(task('11'), 'LEAD', q)).toEqual(['yanhu-eeb']);
    expect(chasedUnitIds(task('11'), q)).toEqual(['yanhu-eeb']);
  });

  it('counts 「相关乡镇办」 as no township until the supervisor names them, then only those named', () => {
    const nine = task('9');
    expect(unitsInRole(nine, 'RESPONSIBLE')).toEqual([]);
    const named: Task = {
      ...nine,
      assignments: nine.assignments.map((a) =>
        a.scope === 'NAMED_MEMBERS' ? { ...a, memberIds: ['xiezhou', 'longju'] } : a,
      ),
    };
    expect(unitsInRole(named, 'RESPONSIBLE')).toEqual(['xiezhou', 'longju']);
  });
});
