/** Turns a validated plan document into the entities Clearwater stores (pure). */

import { milestoneId as toMilestoneId, taskId as toTaskId } from '../shared/store/keys.ts';
import { endOfYear, resolveDue } from './deadline.ts';
import type { Milestone, Plan, PlanDocument, Task, Unit } from './model.ts';

export interface PlanEntities {
  plan: Plan;
  units: Unit[];
  tasks: Task[];
  milestones: Milestone[];
}

export function entitiesFromDocument(doc: PlanDocument, at: Date, importedBy: string): PlanEntities {
  const now = at.toISOString();
  const { units, tasks: taskInputs, ...header } = doc;
  const tasks: Task[] = [];
  const milestones: Milestone[] = [];
  taskInputs.forEach((input, ordinal) => {
    const id = toTaskId(doc.id, input.number);
    tasks.push({
      id,
      planId: doc.id,
      number: input.number,
      ordinal,
      category: input.category,
      section: input.section,
      title: input.title,
      description: input.description,
      parentNumber: input.parentNumber,
      assignments: input.assignments,
      indicators: input.indicators,
      percentComplete: 0,
      indicatorValues: {},
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    input.milestones.forEach((m, index) => {
      milestones.push({
        id: toMilestoneId(doc.id, input.number, m.id),
        key: m.id,
        planId: doc.id,
        taskId: id,
        taskNumber: input.number,
        ordinal: index,
        title: m.title,
        dueAt: (m.due ? resolveDue(m.due, doc.utcOffset) : endOfYear(doc.year, doc.utcOffset)).toISOString(),
        implicit: !m.due,
        recurrence: m.recurrence,
        duty: m.duty,
        firedSteps: {},
      });
    });
  });
  return {
    plan: { ...header, taskCount: tasks.length, importedAt: now, importedBy, version: 1 },
    units,
    tasks,
    milestones,
  };
}
