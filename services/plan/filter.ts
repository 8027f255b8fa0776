/** Filtering a plan's tasks the way the dashboard asks for them. Pure. */
import { unitsActingAs } from '../shared/auth/acting-units.ts';
import { BadUserInputError } from '../shared/errors.ts';
import type { AssignmentRole, Milestone, Task, TaskStatus, Unit } from './model.ts';
import { assignedUnitIds } from './roles.ts';
import { taskStatus } from './status.ts';

export interface TaskFilter {
  /** Tasks assigned to this unit, directly or through a group it belongs to. */
  unitId?: string | null;
  /** With `unitId`: only in this role; alone: tasks that have an assignment in this role. */
  role?: AssignmentRole | null;
  status?: TaskStatus | null;
  category?: string | null;
  /** Has a milestone due at or after / at or before these instants. */
  dueFrom?: string | null;
  dueTo?: string | null;
}

export function filterTasks(
  tasks: readonly Task[],
  milestonesByTask: ReadonlyMap<string, Milestone[]>,
  filter: TaskFilter | null | undefined,
  units: readonly Unit[],
  now: Date,
): Task[] {
  if (!filter) return [...tasks];
  if (filter.dueFrom && filter.dueTo && Date.parse(filter.dueFrom) > Date.parse(filter.dueTo)) {
    throw new BadUserInputError([{ field: 'filter.dueTo', message: 'must not be before dueFrom' }]);
  }
  const acting = filter.unitId ? unitsActingAs(filter.unitId, units) : null;
  const from = filter.dueFrom ? Date.parse(filter.dueFrom) : -Infinity;
  const to = filter.dueTo ? Date.parse(filter.dueTo) : Infinity;
  const inRange = (m: Milestone) => Date.parse(m.dueAt) >= from && Date.parse(m.dueAt) <= to;
  const roleMatches = (role: AssignmentRole) => !filter.role || role === filter.role;
  return tasks.filter((task) => {
    const milestones = milestonesByTask.get(task.id) ?? [];
    if (filter.category && task.category !== filter.category) return false;
    if (
      acting &&
      !task.assignments.some((a) => roleMatches(a.role) && assignedUnitIds(a).some((id) => acting.has(id)))
    )
      return false;
    if (!acting && filter.role && !task.assignments.some((a) => a.role === filter.role)) return false;
    if (filter.status && taskStatus(task, milestones, now) !== filter.status) return false;
    if ((filter.dueFrom || filter.dueTo) && !milestones.some(inRange)) return false;
    return true;
  });
}
