/** Key layout of the single table. Every key string is built here and nowhere else. */
export type Key = {
  PK: string;
  SK: string;
};

export const keys = {
  plan: (planId: string): Key => ({ PK: `PLAN#${planId}`, SK: '#PLAN' }),
  planList: () => 'PLANS',
  /** Tasks and their milestones share the plan's partition, so one query reads a whole plan. */
  task: (planId: string, number: string): Key => ({ PK: `PLAN#${planId}`, SK: `TASK#${number}` }),
  taskPrefix: () => 'TASK#',
  milestone: (planId: string, number: string, milestoneId: string): Key => ({
    PK: `PLAN#${planId}`,
    SK: `TASK#${number}#MS#${milestoneId}`,
  }),
  unit: (unitId: string): Key => ({ PK: `UNIT#${unitId}`, SK: '#UNIT' }),
  unitList: () => 'UNITS',
  progressReport: (taskId: string, at: string, reportId: string): Key => ({
    PK: `PROGRESS#${taskId}`,
    SK: `${at}#${reportId}`,
  }),
  progressPartition: (taskId: string) => `PROGRESS#${taskId}`,
  audit: (entityType: string, entityId: string, at: string, auditId: string): Key => ({
    PK: `AUDIT#${entityType}#${entityId}`,
    SK: `${at}#${auditId}`,
  }),
  auditPartition: (entityType: string, entityId: string) => `AUDIT#${entityType}#${entityId}`,
  outbox: (eventId: string): Key => ({ PK: `OUTBOX#${eventId}`, SK: '#OUTBOX' }),
  /** Marks an event as applied by one consumer: the idempotency record. */
  consumed: (consumer: string, eventId: string): Key => ({
    PK: `CONSUMED#${consumer}#${eventId}`,
    SK: '#CONSUMED',
  }),
} as const;

/** Tasks are addressed as `<planId>:<number>` (e.g. `yanhu-2020:A7`). */
export function taskId(planId: string, number: string): string {
  return `${planId}:${number}`;
}

export function parseTaskId(id: string): { planId: string; number: string } | null {
  const at = id.lastIndexOf(':');
  if (at <= 0 || at === id.length - 1) return null;
  return { planId: id.slice(0, at), number: id.slice(at + 1) };
}

/** Milestones are addressed as `<planId>:<number>:<milestoneId>`. */
export function milestoneId(planId: string, number: string, id: string): string {
  return `${planId}:${number}:${id}`;
}

export function parseMilestoneId(id: string): { planId: string; number: string; milestoneId: string } | null {
  const parts = id.split(':');
  if (parts.length < 3 || parts.some((p) => p === '')) return null;
  const milestone = parts.pop() as string;
  const number = parts.pop() as string;
  return { planId: parts.join(':'), number, milestoneId: milestone };
}
