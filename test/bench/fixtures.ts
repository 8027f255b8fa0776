/** Shared by the bench and the cost tests: the dashboard query and generated plans of any size. */
import type { PlanDocumentInput } from '../../services/plan/model.ts';

export const DASHBOARD_QUERY = `query Dashboard($id: ID!) {
  plan(id: $id) {
    id title documentNumber
    tasks(first: 500) {
      totalCount
      edges { node {
        id number title category status percentComplete nextDueAt
        milestones { id title dueAt implicit status }
        assignments { role unit { id name } }
        latestProgress { at percentComplete note }
      } }
    }
  }
}`;

/**
 * A plan of `taskCount` tasks with `milestonesPerTask` milestones each, due far in the future except
 * the first `dueCount` milestones, which are due before 2030 (the bench's clock).
 */
export function generatedPlan(
  taskCount: number,
  milestonesPerTask: number,
  dueCount: number,
): PlanDocumentInput {
  const units = Array.from({ length: 20 }, (_, i) => ({
    id: `unit-${i}`,
    name: `单位${i}`,
    kind: 'AGENCY' as const,
  }));
  let due = 0;
  return {
    id: `generated-${taskCount}`,
    title: `Generated plan with ${taskCount} tasks`,
    documentNumber: `GEN-${taskCount}`,
    issuer: 'Benchmark',
    issuedOn: '2029-01-01',
    district: 'Bench',
    year: 2029,
    goals: ['Measure'],
    supervisorUnitId: 'unit-0',
    governmentUnitId: 'unit-1',
    units,
    tasks: Array.from({ length: taskCount }, (_, t) => ({
      number: String(t + 1),
      category: 'GENERATED',
      title: `Task ${t + 1}`,
      description: `Generated task ${t + 1} for measurements.`,
      milestones: Array.from({ length: milestonesPerTask }, (_, m) => ({
        id: `m${m}`,
        title: `Milestone ${m}`,
        due: due++ < dueCount ? '2029-06' : '2040-12',
      })),
      assignments: [
        { role: 'LEAD' as const, unitId: `unit-${t % 20}` },
        { role: 'COOPERATING' as const, unitId: `unit-${(t + 7) % 20}` },
      ],
    })),
  };
}
