/**
 * The one table. This definition is the single source of truth: the CDK data construct and the
 * local runtime (and the integration tests) both build the table from it.
 */
export const TABLE = {
  /** Logical name; the deployed physical name comes from CDK, the local one from the runtime. */
  defaultName: 'clearwater',
  partitionKey: 'PK',
  sortKey: 'SK',
  /** Epoch seconds; DynamoDB deletes expired outbox rows and idempotency markers. */
  ttlAttribute: 'expiresAt',
  stream: 'NEW_IMAGE',
  indexes: {
    /** Overloaded: lists (plans, units, webhooks), unread notifications, the event log by month. */
    GSI1: { partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
    /** Overloaded: event log by entity. */
    GSI2: { partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
    /**
     * Sparse index of pending deadlines: only items with a timer carry these attributes, so the
     * sweeper's query reads due items only.
     */
    Timers: { partitionKey: 'timerShard', sortKey: 'timerAt' },
  },
} as const;

export type IndexName = keyof typeof TABLE.indexes;

/** Every key attribute of the table and its indexes (all strings). */
export function keyAttributes(): string[] {
  const names = new Set<string>([TABLE.partitionKey, TABLE.sortKey]);
  for (const index of Object.values(TABLE.indexes)) {
    names.add(index.partitionKey);
    names.add(index.sortKey);
  }
  return [...names];
}
