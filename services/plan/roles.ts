/**
 * Which units hold which role on a task, as the plan reads it (DOMAIN.md §1). Pure.
 * - A group assigned as 「相关乡镇办」 (`NAMED_MEMBERS`) stands for the members the supervisor named.
 * - A milestone that is one unit's duty (task 11's quarterly monitoring) is led by that unit.
 * - A task with no LEAD is led by its RESPONSIBLE units, and one with neither (annex A9, where every
 *   unit cooperates "依据职责") by all its COOPERATING units: someone is always chased.
 */
import type { Assignment, AssignmentRole, Milestone, Task } from './model.ts';

/** The units an assignment stands for (before groups are expanded to their members). */
export function assignedUnitIds(assignment: Assignment): string[] {
  if (assignment.scope === 'NAMED_MEMBERS') return [...(assignment.memberIds ?? [])];
  return [assignment.unitId];
}

function inRole(task: Task, role: AssignmentRole): string[] {
  return task.assignments.filter((a) => a.role === role).flatMap(assignedUnitIds);
}

/** Units of the task in `role`, with the fallbacks above for LEAD and RESPONSIBLE. */
export function unitsInRole(task: Task, role: AssignmentRole, milestone?: Pick<Milestone, 'duty'>): string[] {
  if (milestone?.duty && (role === 'LEAD' || role === 'RESPONSIBLE')) return [milestone.duty.unitId];
  const units = inRole(task, role);
  if (units.length > 0) return units;
  if (role === 'LEAD') return unitsInRole(task, 'RESPONSIBLE');
  if (role === 'RESPONSIBLE') return inRole(task, 'LEAD').length ? [] : inRole(task, 'COOPERATING');
  return [];
}

/** Who is held to account for a milestone: its duty unit, else LEAD and RESPONSIBLE, else COOPERATING. */
export function chasedUnitIds(task: Task, milestone?: Pick<Milestone, 'duty'>): string[] {
  if (milestone?.duty) return [milestone.duty.unitId];
  const held = [...inRole(task, 'LEAD'), ...inRole(task, 'RESPONSIBLE')];
  return [...new Set(held.length ? held : inRole(task, 'COOPERATING'))];
}
