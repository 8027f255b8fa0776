/**
 * Every milestone command against every milestone state and ladder position, as a table (issue 6,
 * item 8): open or completed × ladder at step 0, 1, 2, 3 or exhausted (every step fired) × complete,
 * reopen, reschedule and report progress. Each cell prepares the milestone as the sweeper would leave
 * it, runs the command against DynamoDB Local and checks the outcome and the timer left behind.
 */
import { GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  completeMilestone,
  reopenMilestone,
  reportProgress,
  rescheduleMilestone,
} from '../../services/plan/commands.ts';
import { importPlan } from '../../services/plan/import.ts';
import { milestoneLadder } from '../../services/plan/milestone-deadline.ts';
import { DEFAULT_LADDER } from '../../services/plan/model.ts';
import yanhu from '../../services/plan/plans/yanhu-2020.json' with { type: 'json' };
import { type Actor, systemActor } from '../../services/shared/auth/principal.ts';
import { FixedClock } from '../../services/shared/clock.ts';
import { ladderTimer } from '../../services/shared/deadlines/ladder.ts';
import { DomainError } from '../../services/shared/errors.ts';
import type { Store } from '../../services/shared/store/client.ts';
import { fromAttributes, type Item, toAttributes } from '../../services/shared/store/codec.ts';
import { keys } from '../../services/shared/store/keys.ts';
import { createTestStore } from '../support/store.ts';

const LADDER = milestoneLadder({ ladder: DEFAULT_LADDER });
const DUE = '2020-04-30T15:59:59.000Z'; // task 6, hitech-wwtp
const MILESTONE = 'yanhu-2020:6:hitech-wwtp';
const supervisor: Actor = { kind: 'USER', id: 'sup', roles: ['SUPERVISOR'], unitId: 'yanhu-gov-office' };
const caller = { actor: supervisor, correlationId: 'table' };

type Command = 'complete' | 'reopen' | 'reschedule' | 'report';
type State = 'OPEN' | 'COMPLETED';

let store: Store;
const clock = new FixedClock(new Date('2020-07-01T00:00:00Z'));

async function item(): Promise<Item> {
  const { Item: found } = await store.db.send(
    new GetItemCommand({
      TableName: store.tableName,
      Key: toAttributes(keys.milestone('yanhu-2020', '6', 'hitech-wwtp')),
      ConsistentRead: true,
    }),
  );
  return fromAttributes(found!);
}

/** The milestone as the sweeper leaves it with `position` steps fired, completed or not. */
async function prepare(state: State, position: number): Promise<void> {
  const fired = Object.fromEntries(LADDER.slice(0, position).map((s) => [s.id, '2020-05-01T00:00:00.000Z']));
  const timer = ladderTimer('MilestoneLadder', LADDER, DUE, position);
  const sets = ['firedSteps = :fired', 'skippedSteps = :none', 'dueAt = :due'];
  const removes = ['completedBy'];
  const values: Record<string, unknown> = { ':fired': fired, ':none': [], ':due': DUE };
  if (state === 'COMPLETED') {
    sets.push('completedAt = :done');
    values[':done'] = '2020-06-01T00:00:00.000Z';
  } else removes.push('completedAt');
  if (timer && state === 'OPEN') {
    sets.push('timerShard = :ts, timerAt = :ta, timerKind = :tk, timerStep = :tn');
    Object.assign(values, {
      ':ts': 'TIMER',
      ':ta': timer.timerAt,
      ':tk': 'MilestoneLadder',
      ':tn': timer.timerStep,
    });
  } else removes.push('timerShard', 'timerAt', 'timerKind', 'timerStep');
  await store.db.send(
    new UpdateItemCommand({
      TableName: store.tableName,
      Key: toAttributes(keys.milestone('yanhu-2020', '6', 'hitech-wwtp')),
      UpdateExpression: `SET ${sets.join(', ')} REMOVE ${removes.join(', ')}`,
      ExpressionAttributeValues: toAttributes(values),
    }),
  );
}

async function run(command: Command): Promise<string> {
  const deps = { store, clock };
  try {
    if (command === 'complete') await completeMilestone(deps, caller, { milestoneId: MILESTONE });
    if (command === 'reopen')
      await reopenMilestone(deps, caller, { milestoneId: MILESTONE, reason: 'table' });
    if (command === 'reschedule')
      await rescheduleMilestone(deps, caller, {
        milestoneId: MILESTONE,
        dueAt: '2020-09-30T23:59:59+08:00',
        reason: 'table',
      });
    if (command === 'report')
      await reportProgress(deps, caller, { taskId: 'yanhu-2020:6', percentComplete: 50 });
    return 'OK';
  } catch (error) {
    if (error instanceof DomainError) return `${error.code}:${String(error.details.reason ?? '')}`;
    return `ERROR:${String(error)}`;
  }
}

/** The outcome and the timer step (or none) each cell must leave. */
function expected(
  command: Command,
  state: State,
  position: number,
): { outcome: string; timerStep: number | null } {
  const exhausted = position >= LADDER.length;
  switch (command) {
    case 'complete':
      return state === 'OPEN'
        ? { outcome: 'OK', timerStep: null }
        : { outcome: 'CONFLICT:MILESTONE_COMPLETED', timerStep: null };
    case 'reopen':
      return state === 'COMPLETED'
        ? { outcome: 'OK', timerStep: exhausted ? null : position }
        : { outcome: 'CONFLICT:MILESTONE_NOT_COMPLETED', timerStep: exhausted ? null : position };
    case 'reschedule':
      return { outcome: 'OK', timerStep: state === 'OPEN' ? 0 : null };
    case 'report':
      return { outcome: 'OK', timerStep: state === 'OPEN' && !exhausted ? position : null };
  }
}

beforeAll(async () => {
  store = await createTestStore('milestone-table');
  await importPlan({ store, clock }, { actor: systemActor('test'), correlationId: 'setup' }, yanhu);
});

describe('Milestone commands × states × ladder positions', () => {
  for (const command of ['complete', 'reopen', 'reschedule', 'report'] as const) {
    for (const state of ['OPEN', 'COMPLETED'] as const) {
      for (let position = 0; position <= LADDER.length; position++) {
        const cell = expected(command, state, position);
        it(`${command} on a ${state} milestone with ${position} ladder steps fired → ${cell.outcome}`, async () => {
          await prepare(state, position);
          const before = await item();

          const outcome = await run(command);

          const after = await item();
          expect(outcome).toBe(cell.outcome);
          expect(after.timerStep ?? null).toBe(cell.timerStep);
          expect(after.timerShard === undefined).toBe(cell.timerStep === null);
          if (cell.outcome !== 'OK') expect(after).toEqual(before);
          if (command === 'complete' && cell.outcome === 'OK') expect(after.completedAt).toBeDefined();
          if (command === 'reopen' && cell.outcome === 'OK') {
            expect(after.completedAt).toBeUndefined();
            expect(after.firedSteps).toEqual(before.firedSteps);
          }
          if (command === 'reschedule') {
            expect(after.dueAt).toBe('2020-09-30T15:59:59.000Z');
            expect(after.firedSteps).toEqual({});
          }
        });
      }
    }
  }
});
