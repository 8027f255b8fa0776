/** The audit trail of any entity: written by every unit of work (`work.audit`), read newest first. */
import type { Store } from './store/client.ts';
import { strip } from './store/items.ts';
import { keys } from './store/keys.ts';
import { type Page, queryPage } from './store/query.ts';

export interface AuditEntry {
  auditId: string;
  at: string;
  actor: { id: string; name?: string; unitId?: string; kind: string };
  correlationId: string;
  entityType: string;
  entityId: string;
  action: string;
  summary: string;
  /** JSON of what changed, when the command recorded it. */
  changes?: string;
}

export async function listAudit(
  store: Store,
  entityType: string,
  entityId: string,
  first: number,
  after?: string | null,
): Promise<Page<AuditEntry>> {
  const page = await queryPage(
    store,
    { partition: keys.audit.partition(entityType, entityId), descending: true },
    first,
    after,
  );
  return { ...page, items: page.items.map((item) => strip<AuditEntry>(item)) };
}
