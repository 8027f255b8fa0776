/**
 * Storage of the hand-off context. A hand-off is the case's proposal item (cases' key), carried on with
 * the workflow's fields and, once transferred, on its police unit's queue (ACTIVE, then ENDED). Every
 * key comes from the one registry.
 */
import { parseChildId } from '../cases/repository.ts';
import { getMany } from '../shared/store/batch.ts';
import type { Store } from '../shared/store/client.ts';
import type { Item } from '../shared/store/codec.ts';
import { getItem, strip } from '../shared/store/items.ts';
import { indexKeys, type Key, keys } from '../shared/store/keys.ts';
import { type Page, queryAll, queryPage } from '../shared/store/query.ts';
import type { Consultation, Handoff, JointInspection } from './model.ts';
import { ENDED_STATES } from './workflow.ts';

export function handoffKey(id: string): Key | null {
  const ref = parseChildId(id);
  return ref ? keys.handoffProposal(ref.caseId, ref.localId) : null;
}

/** A stored hand-off, or a bare proposal, in the workflow's shape. */
export function readHandoff(item: Item): Handoff {
  const h = strip<Handoff>(item);
  return { ...h, documents: h.documents ?? [], steps: h.steps ?? [], openLimits: h.openLimits ?? [] };
}

/** The queue index of a transferred hand-off. */
export function handoffIndexes(h: Handoff): Item {
  if (!h.transferredAt) return {};
  const state = ENDED_STATES.includes(h.status) ? 'ENDED' : 'ACTIVE';
  return {
    GSI1PK: indexKeys.policeQueue.partition(h.policeUnitId, state),
    GSI1SK: indexKeys.policeQueue.sort(h.transferredAt, h.id),
  };
}

export async function getHandoff(store: Store, id: string): Promise<Handoff | undefined> {
  const key = handoffKey(id);
  const item = key ? await getItem<Item>(store, key) : undefined;
  return item ? readHandoff(item) : undefined;
}

export async function getHandoffs(store: Store, ids: readonly string[]): Promise<Map<string, Handoff>> {
  return getMany(store, ids, handoffKey, readHandoff);
}

/** A police unit's hand-offs, in transfer order: under way (ACTIVE) or ENDED. One query a page. */
export async function listPoliceQueue(
  store: Store,
  policeUnitId: string,
  ended: boolean,
  first: number,
  after?: string | null,
): Promise<Page<Handoff>> {
  const page = await queryPage(
    store,
    {
      index: indexKeys.policeQueue.index,
      partition: indexKeys.policeQueue.partition(policeUnitId, ended ? 'ENDED' : 'ACTIVE'),
    },
    first,
    after,
  );
  return { ...page, items: page.items.map((item) => readHandoff(item as Item)) };
}

// ---- consultations (under their case) ----

export function consultationKey(id: string): Key | null {
  const ref = parseChildId(id);
  return ref ? keys.consultation(ref.caseId, ref.localId) : null;
}

export function consultationItem(c: Consultation): Item & Key {
  return { ...(consultationKey(c.id) as Key), itemType: 'Consultation', ...c };
}

export async function getConsultation(store: Store, id: string): Promise<Consultation | undefined> {
  const key = consultationKey(id);
  return key ? getItem<Consultation>(store, key) : undefined;
}

export async function listConsultations(store: Store, caseId: string): Promise<Consultation[]> {
  const items = await queryAll(store, {
    partition: keys.consultation.partition(caseId),
    prefix: keys.consultation.sortPrefix(),
  });
  return items.map((item) => strip<Consultation>(item));
}

// ---- joint inspections (under their plan task) ----

export function jointInspectionItem(i: JointInspection): Item & Key {
  return { ...keys.jointInspection(i.taskId, i.at, i.id), itemType: 'JointInspection', ...i };
}

/** Newest first. */
export async function listJointInspections(
  store: Store,
  taskId: string,
  first: number,
  after?: string | null,
): Promise<Page<JointInspection>> {
  const page = await queryPage(
    store,
    { partition: keys.jointInspection.partition(taskId), descending: true },
    first,
    after,
  );
  return { ...page, items: page.items.map((item) => strip<JointInspection>(item as Item)) };
}

export async function countJointInspections(store: Store, taskId: string): Promise<number> {
  const item = await getItem<{ count?: number }>(store, keys.jointInspectionCount(taskId));
  return Number(item?.count ?? 0);
}
