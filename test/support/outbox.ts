/** The events a test's commands committed, read from the outbox rows of its table (oldest first). */
import type { EventDetail } from '../../services/shared/events/envelope.ts';
import type { Store } from '../../services/shared/store/client.ts';
import { scanAll } from '../integration/plan-fixtures.ts';

export interface CommittedEvent {
  source: string;
  detailType: string;
  detail: EventDetail<Record<string, unknown>>;
}

export async function committedEvents(store: Store, detailType?: string): Promise<CommittedEvent[]> {
  const rows = (await scanAll(store)).filter((item) => item.itemType === 'OUTBOX');
  return rows
    .map((row) => ({
      source: String(row.source),
      detailType: String(row.detailType),
      detail: JSON.parse(String(row.detail)) as CommittedEvent['detail'],
    }))
    .filter((e) => !detailType || e.detailType === detailType)
    .sort((a, b) => a.detail.metadata.eventId.localeCompare(b.detail.metadata.eventId));
}
