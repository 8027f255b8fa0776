/** Who may act on a task. Pure rules over the actor, the task's assignments and the unit groups. */
import { type Actor, hasRole } from '../shared/auth/principal.ts';
import { ForbiddenError } from '../shared/errors.ts';
import type { AssignmentRole, Task, Unit } from './model.ts';

/** The unit ids an actor's unit acts as: itself and every group it belongs to. */
export function unitsActingAs(unitId: string, units: readonly Unit[]): Set<string> {
  const acting = new Set([unitId]);
  for (const unit of units) {
    if (unit.kind === 'GROUP' && unit.memberIds?.includes(unitId)) acting.add(unit.id);
  }
  return acting;
}

export function isAssigned(
  actor: Actor,
  task: Task,
  units: readonly Unit[],
  roles: readonly AssignmentRole[] = ['LEAD', 'RESPONSIBLE', 'COOPERATING', 'SUPERVISING'],
): boolean {
  if (!actor.unitId) return false;
  const acting = unitsActingAs(actor.unitId, units);
  return task.assignments.some((a) => roles.includes(a.role) && acting.has(a.unitId));
}

/** Supervisors report on any task; unit officers only on tasks assigned to their unit (or its group). */
export function assertCanReportProgress(actor: Actor, task: Task, units: readonly Unit[]): void {
  if (hasRole(actor, 'SUPERVISOR')) return;
  if (hasRole(actor, 'UNIT_OFFICER') && isAssigned(actor, task, units)) return;
  throw new ForbiddenError(`Task ${task.id} is not assigned to your unit`, {
    taskId: task.id,
    unitId: actor.unitId,
  });
}

/** Completing a milestone is claimed by a LEAD or RESPONSIBLE unit, or done by the supervisor. */
export function assertCanCompleteMilestone(actor: Actor, task: Task, units: readonly Unit[]): void {
  if (hasRole(actor, 'SUPERVISOR')) return;
  if (hasRole(actor, 'UNIT_OFFICER') && isAssigned(actor, task, units, ['LEAD', 'RESPONSIBLE'])) return;
  throw new ForbiddenError(
    `Only a LEAD or RESPONSIBLE unit of task ${task.id}, or the supervisor, may complete its milestones`,
    {
      taskId: task.id,
    },
  );
}

/** Reopening undoes a completion: a supervisor's decision. */
export function assertCanReopenMilestone(actor: Actor, task: Task): void {
  if (hasRole(actor, 'SUPERVISOR')) return;
  throw new ForbiddenError(`Only the supervisor may reopen milestones of task ${task.id}`, {
    taskId: task.id,
  });
}
