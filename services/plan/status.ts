/** Statuses are derived from facts and the clock, never stored, so they cannot go stale. */
import { DAY_MS } from '../shared/clock.ts';
import type { Milestone, MilestoneStatus, Task, TaskStatus } from './model.ts';

/** How long before its due instant a milestone counts as due soon (matches the default ladder's first step). */
export const DUE_SOON_DAYS = 7;

export function milestoneStatus(milestone: Milestone, now: Date): MilestoneStatus {
  if (milestone.completedAt) return 'COMPLETED';
  const due = Date.parse(milestone.dueAt);
  if (now.getTime() > due) return 'OVERDUE';
  if (now.getTime() >= due - DUE_SOON_DAYS * DAY_MS) return 'DUE_SOON';
  return 'PENDING';
}

export function taskStatus(task: Task, milestones: readonly Milestone[], now: Date): TaskStatus {
  if (milestones.length > 0 && milestones.every((m) => m.completedAt)) return 'COMPLETED';
  if (milestones.some((m) => milestoneStatus(m, now) === 'OVERDUE')) return 'OVERDUE';
  if (task.percentComplete > 0 || task.latestProgress || milestones.some((m) => m.completedAt))
    return 'IN_PROGRESS';
  return 'NOT_STARTED';
}

/** The earliest due instant among the task's open milestones, if any. */
export function nextDue(milestones: readonly Milestone[]): string | undefined {
  return milestones
    .filter((m) => !m.completedAt)
    .map((m) => m.dueAt)
    .sort()[0];
}
