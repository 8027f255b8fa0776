/**
 * Specification of the plan's pure rules: deadline arithmetic ("N月底" at UTC+8), derived milestone and
 * task statuses, and who may act on a task (DOMAIN.md §1, DESIGN.md security model).
 */
import { describe, expect, it } from 'vitest';
import {
  assertCanCompleteMilestone,
  assertCanReopenMilestone,
  assertCanReportProgress,
  isAssigned,
  unitsActingAs,
} from '../../services/plan/access.ts';
import {
  endOfMonth,
  endOfYear,
  formatAtOffset,
  offsetMinutes,
  resolveDue,
} from '../../services/plan/deadline.ts';
import { entitiesFromDocument } from '../../services/plan/document.ts';
import { type Milestone, PlanDocument, type Task } from '../../services/plan/model.ts';
import yanhu from '../../services/plan/plans/yanhu-2020.json' with { type: 'json' };
import { milestoneStatus, nextDue, taskStatus } from '../../services/plan/status.ts';
import type { Actor, Role } from '../../services/shared/auth/principal.ts';
import { DAY_MS } from '../../services/shared/clock.ts';
import { DomainError } from '../../services/shared/errors.ts';

const yanhuEntities = entitiesFromDocument(
  PlanDocument.parse(yanhu),
  new Date('2020-03-31T02:00:00Z'),
  'test',
);
const units = yanhuEntities.units;

function yanhuTask(number: string): Task {
  const task = yanhuEntities.tasks.find((t) => t.number === number);
  if (!task) throw new Error(`the Yanhu plan has no task ${number}`);
  return task;
}

function officer(unitId: string | undefined, ...roles: Role[]): Actor {
  return {
    kind: 'USER',
    id: `officer-${unitId ?? 'none'}`,
    unitId,
    roles: roles.length ? roles : ['UNIT_OFFICER'],
  };
}

const supervisor: Actor = {
  kind: 'USER',
  id: 'supervisor',
  unitId: 'yanhu-gov-office',
  roles: ['SUPERVISOR'],
};

/** The error code an assertion throws, or 'ALLOWED' when it does not throw. */
function outcome(check: () => void): string {
  try {
    check();
    return 'ALLOWED';
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe('Deadlines', () => {
  describe('endOfMonth', () => {
    it('reads "2020年4月底" as the last second of April in China Standard Time', () => {
      const due = endOfMonth(2020, 4);

      expect(due.toISOString()).toBe('2020-04-30T15:59:59.000Z');
      expect(formatAtOffset(due)).toBe('2020-04-30T23:59:59+08:00');
    });

    it('ends February 2020 on the 29th (leap year) and February 2019 on the 28th', () => {
      expect(endOfMonth(2020, 2).toISOString()).toBe('2020-02-29T15:59:59.000Z');
      expect(endOfMonth(2019, 2).toISOString()).toBe('2019-02-28T15:59:59.000Z');
    });

    it('ends December on the 31st of the same year, which is also the end of the plan year', () => {
      const december = endOfMonth(2020, 12);

      expect(december.toISOString()).toBe('2020-12-31T15:59:59.000Z');
      expect(endOfYear(2020).toISOString()).toBe(december.toISOString());
      expect(formatAtOffset(december)).toBe('2020-12-31T23:59:59+08:00');
    });

    it('honours the offset it is given', () => {
      expect(endOfMonth(2020, 4, '+00:00').toISOString()).toBe('2020-04-30T23:59:59.000Z');
      expect(endOfMonth(2020, 4, '-05:00').toISOString()).toBe('2020-05-01T04:59:59.000Z');
      expect(endOfMonth(2020, 4, '+05:30').toISOString()).toBe('2020-04-30T18:29:59.000Z');
    });
  });

  describe('formatAtOffset', () => {
    it('shows the wall-clock time at the offset, moving to the next day when the offset crosses midnight', () => {
      const instant = new Date('2020-12-31T16:00:00.000Z');

      expect(formatAtOffset(instant, '+08:00')).toBe('2021-01-01T00:00:00+08:00');
      expect(formatAtOffset(instant, '-05:00')).toBe('2020-12-31T11:00:00-05:00');
    });

    it('writes UTC as Z', () => {
      expect(formatAtOffset(new Date('2020-04-30T15:59:59.000Z'), '+00:00')).toBe('2020-04-30T15:59:59Z');
    });

    it('defaults to China Standard Time', () => {
      expect(formatAtOffset(new Date('2020-03-31T00:00:00.000Z'))).toBe('2020-03-31T08:00:00+08:00');
    });

    it('refuses something that is not an offset', () => {
      expect(() => formatAtOffset(new Date(0), 'CST')).toThrow('Not a UTC offset: CST');
      expect(offsetMinutes('-03:30')).toBe(-210);
    });
  });

  describe('resolveDue', () => {
    it('reads YYYY-MM as the end of that month at the plan offset', () => {
      expect(resolveDue('2020-04', '+08:00').toISOString()).toBe('2020-04-30T15:59:59.000Z');
      expect(resolveDue('2020-02', '+08:00').toISOString()).toBe('2020-02-29T15:59:59.000Z');
      expect(resolveDue('2020-12', '+08:00').toISOString()).toBe('2020-12-31T15:59:59.000Z');
    });

    it('takes an ISO instant as written, whatever the plan offset', () => {
      expect(resolveDue('2020-06-15T12:00:00+08:00', '+08:00').toISOString()).toBe(
        '2020-06-15T04:00:00.000Z',
      );
      expect(resolveDue('2020-06-15T12:00:00Z', '-05:00').toISOString()).toBe('2020-06-15T12:00:00.000Z');
    });
  });
});

function milestone(overrides: Partial<Milestone> = {}): Milestone {
  return {
    id: 'yanhu-2020:6:hitech-wwtp',
    key: 'hitech-wwtp',
    planId: 'yanhu-2020',
    taskId: 'yanhu-2020:6',
    taskNumber: '6',
    ordinal: 0,
    title: '盐湖高新技术产业开发区污水处理厂达标达效',
    dueAt: '2020-04-30T15:59:59.000Z',
    implicit: false,
    firedSteps: {},
    ...overrides,
  };
}

const DUE = Date.parse('2020-04-30T15:59:59.000Z');
const at = (ms: number) => new Date(ms);

describe('Milestone status', () => {
  it('is PENDING until 7 days before its due instant', () => {
    expect(milestoneStatus(milestone(), new Date('2020-04-10T09:00:00+08:00'))).toBe('PENDING');
    expect(milestoneStatus(milestone(), at(DUE - 7 * DAY_MS - 1))).toBe('PENDING');
  });

  it('is DUE_SOON from exactly 7 days before its due instant up to and including that instant', () => {
    expect(milestoneStatus(milestone(), at(DUE - 7 * DAY_MS))).toBe('DUE_SOON');
    expect(milestoneStatus(milestone(), at(DUE))).toBe('DUE_SOON');
  });

  it('is OVERDUE from the first millisecond after its due instant', () => {
    expect(milestoneStatus(milestone(), at(DUE + 1))).toBe('OVERDUE');
    expect(milestoneStatus(milestone(), new Date('2020-05-01T00:00:00+08:00'))).toBe('OVERDUE');
  });

  it('is COMPLETED once completed, even when completed late', () => {
    const done = milestone({ completedAt: '2020-05-03T02:00:00.000Z' });

    expect(milestoneStatus(done, at(DUE - 30 * DAY_MS))).toBe('COMPLETED');
    expect(milestoneStatus(done, at(DUE + 30 * DAY_MS))).toBe('COMPLETED');
  });
});

describe('Task status', () => {
  const task6 = yanhuTask('6');
  const before = new Date('2020-04-10T09:00:00+08:00');
  const after = new Date('2020-05-01T00:00:00+08:00');
  const first = milestone({ key: 'a', dueAt: '2020-04-30T15:59:59.000Z' });
  const second = milestone({ key: 'b', ordinal: 1, dueAt: '2020-12-31T15:59:59.000Z' });

  it('is NOT_STARTED with no progress, nothing completed and nothing overdue', () => {
    expect(taskStatus(task6, [first, second], before)).toBe('NOT_STARTED');
  });

  it('is IN_PROGRESS once progress is reported, even a report of 0 %', () => {
    const reported: Task = { ...task6, percentComplete: 20 };
    const zeroReport: Task = {
      ...task6,
      latestProgress: { reportId: 'r1', at: '2020-04-09T00:00:00.000Z', percentComplete: 0 },
    };

    expect(taskStatus(reported, [first], before)).toBe('IN_PROGRESS');
    expect(taskStatus(zeroReport, [first], before)).toBe('IN_PROGRESS');
  });

  it('is IN_PROGRESS when some but not all milestones are completed', () => {
    const done = { ...first, completedAt: '2020-04-08T00:00:00.000Z' };

    expect(taskStatus(task6, [done, second], before)).toBe('IN_PROGRESS');
  });

  it('is OVERDUE when an open milestone is past due, whatever the progress', () => {
    expect(taskStatus(task6, [first, second], after)).toBe('OVERDUE');
    expect(taskStatus({ ...task6, percentComplete: 90 }, [first, second], after)).toBe('OVERDUE');
  });

  it('is COMPLETED when every milestone is completed, even after their due instants', () => {
    const done = [first, second].map((m) => ({ ...m, completedAt: '2020-05-02T00:00:00.000Z' }));

    expect(taskStatus(task6, done, new Date('2021-06-01T00:00:00+08:00'))).toBe('COMPLETED');
  });

  it('is not COMPLETED merely because it has no milestones', () => {
    expect(taskStatus(task6, [], after)).toBe('NOT_STARTED');
  });

  it('reports the earliest open due instant as next due', () => {
    const done = { ...first, completedAt: '2020-04-08T00:00:00.000Z' };

    expect(nextDue([second, first])).toBe('2020-04-30T15:59:59.000Z');
    expect(nextDue([done, second])).toBe('2020-12-31T15:59:59.000Z');
    expect(nextDue([done])).toBeUndefined();
  });
});

describe('Access to tasks', () => {
  it('lets a township act as itself and as the group 各乡镇办 it belongs to', () => {
    expect([...unitsActingAs('xiezhou', units)].sort()).toEqual(['xiezhou', 'yanhu-townships']);
    expect([...unitsActingAs('yanhu-housing', units)]).toEqual(['yanhu-housing']);
  });

  it('lets a township officer report on and complete a task assigned to 各乡镇办 as RESPONSIBLE', () => {
    const task7 = yanhuTask('7'); // RESPONSIBLE 各乡镇办

    expect(isAssigned(officer('xiezhou'), task7, units)).toBe(true);
    expect(outcome(() => assertCanReportProgress(officer('xiezhou'), task7, units))).toBe('ALLOWED');
    expect(outcome(() => assertCanCompleteMilestone(officer('sanluli'), task7, units))).toBe('ALLOWED');
  });

  it('lets a cooperating unit report progress but not complete milestones', () => {
    const task3 = yanhuTask('3'); // COOPERATING 各乡镇办
    const task1 = yanhuTask('1'); // COOPERATING 市生态环境局盐湖分局

    expect(outcome(() => assertCanReportProgress(officer('dongguo'), task3, units))).toBe('ALLOWED');
    expect(outcome(() => assertCanCompleteMilestone(officer('dongguo'), task3, units))).toBe('FORBIDDEN');
    expect(outcome(() => assertCanReportProgress(officer('yanhu-eeb'), task1, units))).toBe('ALLOWED');
    expect(outcome(() => assertCanCompleteMilestone(officer('yanhu-eeb'), task1, units))).toBe('FORBIDDEN');
  });

  it('lets a LEAD or RESPONSIBLE unit complete milestones', () => {
    expect(outcome(() => assertCanCompleteMilestone(officer('yanhu-housing'), yanhuTask('1'), units))).toBe(
      'ALLOWED',
    ); // RESPONSIBLE
    expect(outcome(() => assertCanCompleteMilestone(officer('yanhu-housing'), yanhuTask('6'), units))).toBe(
      'ALLOWED',
    ); // LEAD
  });

  it('lets a supervising unit report progress but not complete milestones', () => {
    const task5 = yanhuTask('5'); // SUPERVISING 市生态环境局综合执法队各分队

    expect(outcome(() => assertCanReportProgress(officer('city-eeb-enforcement'), task5, units))).toBe(
      'ALLOWED',
    );
    expect(outcome(() => assertCanCompleteMilestone(officer('city-eeb-enforcement'), task5, units))).toBe(
      'FORBIDDEN',
    );
  });

  it('refuses a unit officer whose unit is not assigned, or who has no unit', () => {
    const task1 = yanhuTask('1');

    expect(outcome(() => assertCanReportProgress(officer('yanhu-natres'), task1, units))).toBe('FORBIDDEN');
    expect(outcome(() => assertCanReportProgress(officer('xiezhou'), task1, units))).toBe('FORBIDDEN');
    expect(outcome(() => assertCanReportProgress(officer(undefined), task1, units))).toBe('FORBIDDEN');
  });

  it('refuses officers of other roles even when their unit is assigned', () => {
    const task14 = yanhuTask('14'); // LEAD 市公安局盐湖分局, COOPERATING 市生态环境局盐湖分局

    expect(
      outcome(() => assertCanReportProgress(officer('yanhu-police', 'POLICE_OFFICER'), task14, units)),
    ).toBe('FORBIDDEN');
    expect(
      outcome(() => assertCanCompleteMilestone(officer('yanhu-eeb', 'ENFORCEMENT_OFFICER'), task14, units)),
    ).toBe('FORBIDDEN');
  });

  it('lets the supervisor do everything, and only the supervisor reopen', () => {
    const task6 = yanhuTask('6');

    expect(outcome(() => assertCanReportProgress(supervisor, task6, units))).toBe('ALLOWED');
    expect(outcome(() => assertCanCompleteMilestone(supervisor, task6, units))).toBe('ALLOWED');
    expect(outcome(() => assertCanReopenMilestone(supervisor, task6))).toBe('ALLOWED');
    expect(outcome(() => assertCanReopenMilestone(officer('yanhu-housing'), task6))).toBe('FORBIDDEN');
  });
});
