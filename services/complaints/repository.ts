/** Storage of 12369 reports: the item (on its status list and its assigned unit's list) and reads. */

import { getMany } from '../shared/store/batch.ts';
import type { Store } from '../shared/store/client.ts';
import type { Item } from '../shared/store/codec.ts';
import { getItem, strip } from '../shared/store/items.ts';
import { indexKeys, type Key, keys } from '../shared/store/keys.ts';
import { type Page, queryPage } from '../shared/store/query.ts';
import type { Complaint, ComplaintStatus } from './model.ts';

export function complaintIndexes(c: Complaint): Item {
  return {
    GSI1PK: indexKeys.complaintsByStatus.partition(c.status),
    GSI1SK: indexKeys.complaintsByStatus.sort(c.receivedAt, c.id),
    GSI2PK: c.assignedUnitId ? indexKeys.complaintsByUnit.partition(c.assignedUnitId) : undefined,
    GSI2SK: c.assignedUnitId ? indexKeys.complaintsByUnit.sort(c.receivedAt, c.id) : undefined,
  };
}

export function complaintItem(c: Complaint): Item & Key {
  return { ...keys.complaint(c.id), itemType: 'Complaint', ...complaintIndexes(c), ...c };
}

export async function getComplaint(store: Store, id: string): Promise<Complaint | undefined> {
  return getItem<Complaint>(store, keys.complaint(id));
}

export async function getComplaints(store: Store, ids: readonly string[]): Promise<Map<string, Complaint>> {
  return getMany(store, ids, keys.complaint, strip<Complaint>);
}

/** Reports in a status, oldest first. */
export async function listComplaintsByStatus(
  store: Store,
  status: ComplaintStatus,
  first: number,
  after?: string | null,
): Promise<Page<Complaint>> {
  const page = await queryPage(
    store,
    { index: indexKeys.complaintsByStatus.index, partition: indexKeys.complaintsByStatus.partition(status) },
    first,
    after,
  );
  return { ...page, items: page.items.map((item) => strip<Complaint>(item as Item)) };
}

/** Reports assigned to a unit (in one status, or all), oldest first. */
export async function listComplaintsByUnit(
  store: Store,
  unitId: string,
  status: ComplaintStatus | undefined,
  first: number,
  after?: string | null,
): Promise<Page<Complaint>> {
  const page = await queryPage(
    store,
    {
      index: indexKeys.complaintsByUnit.index,
      partition: indexKeys.complaintsByUnit.partition(unitId),
      ...(status
        ? {
            filter: {
              expression: '#status = :status',
              names: { '#status': 'status' },
              values: { ':status': status },
            },
          }
        : {}),
    },
    first,
    after,
  );
  return { ...page, items: page.items.map((item) => strip<Complaint>(item as Item)) };
}
