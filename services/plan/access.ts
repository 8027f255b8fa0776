/** Who may act on a task: the plan's policies, pure rules over the actor, the task and the unit groups. */
import { actingUnits, unitsActingAs } from '../shared/auth/acting-units.ts';
import { authorize, policy } from '../shared/auth/policy.ts';
import { type Actor, hasRole } from '../shared/auth/principal.ts';
import type { Store } from '../shared/store/client.ts';
import { listUnits } from '../units/repository.ts';
import type { AssignmentRole, Milestone, Task, Unit } from './model.ts';
import { assignedUnitIds } from './roles.ts';

export { unitsActingAs };

/** What the task policies read: the task, and the units the actor acts for. */
export interface TaskAccess {
  task: Task;
  acting: ReadonlySet<string>;
}

/** Group membership matters only to unit officers: the supervisor's access needs no unit list. */
export async function taskAccess(store: Store, actor: Actor, task: Task): Promise<TaskAccess> {
  const units = hasRole(actor, 'SUPERVISOR') ? [] : await listUnits(store);
  return { task, acting: actingUnits(actor, units) };
}

function holdsRole(access: TaskAccess, roles: readonly AssignmentRole[]): boolean {
  return access.task.assignments.some(
    (a) => roles.includes(a.role) && assignedUnitIds(a).some((id) => access.acting.has(id)),
  );
}

export function isAssigned(
  actor: Actor,
  task: Task,
  units: readonly Unit[],
  roles: readonly AssignmentRole[] = ['LEAD', 'RESPONSIBLE', 'COOPERATING', 'SUPERVISING'],
): boolean {
  return holdsRole({ task, acting: actingUnits(actor, units) }, roles);
}

/** Supervisors report on any task; unit officers only on tasks assigned to their unit (or its group). */
export const canReportProgress = policy<TaskAccess>(
  'reportProgress',
  (actor, access) =>
    hasRole(actor, 'SUPERVISOR') ||
    (hasRole(actor, 'UNIT_OFFICER') &&
      holdsRole(access, ['LEAD', 'RESPONSIBLE', 'COOPERATING', 'SUPERVISING'])),
  (_actor, { task }) => `Task ${task.id} is not assigned to your unit`,
);

/**
 * Completing a milestone is claimed by a LEAD or RESPONSIBLE unit (or by the unit whose duty the
 * milestone is), or done by the supervisor.
 */
export const canCompleteMilestone = policy<TaskAccess & { milestone?: Pick<Milestone, 'duty'> }>(
  'completeMilestone',
  (actor, access) => {
    if (hasRole(actor, 'SUPERVISOR')) return true;
    if (!hasRole(actor, 'UNIT_OFFICER')) return false;
    const duty = access.milestone?.duty;
    return duty ? access.acting.has(duty.unitId) : holdsRole(access, ['LEAD', 'RESPONSIBLE']);
  },
  (_actor, { task }) =>
    `Only a LEAD or RESPONSIBLE unit of task ${task.id} (or the unit whose duty the milestone is), or the supervisor, may complete its milestones`,
);

/** Reopening and rescheduling undo or move what the plan says: the supervisor's decisions. */
export const canSteerMilestones = policy<{ task: Task }>(
  'steerMilestones',
  (actor) => hasRole(actor, 'SUPERVISOR'),
  (_actor, { task }) => `Only the supervisor may reopen or reschedule milestones of task ${task.id}`,
);

// The tests' vocabulary for the same rules.
export function assertCanReportProgress(actor: Actor, task: Task, units: readonly Unit[]): void {
  authorize(actor, canReportProgress, { task, acting: actingUnits(actor, units) });
}

export function assertCanCompleteMilestone(
  actor: Actor,
  task: Task,
  units: readonly Unit[],
  milestone?: Pick<Milestone, 'duty'>,
): void {
  authorize(actor, canCompleteMilestone, { task, acting: actingUnits(actor, units), milestone });
}

export function assertCanReopenMilestone(actor: Actor, task: Task): void {
  authorize(actor, canSteerMilestones, { task });
}
