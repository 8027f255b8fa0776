/**
 * Storage of the cases context: reads, and the stored form of each item (keys from the one registry).
 * A case and its samples, evidence, sanctions and hand-off proposal share the case's partition, so a
 * command reads the whole case in one query.
 */

import { getMany } from '../shared/store/batch.ts';
import type { Store } from '../shared/store/client.ts';
import type { Item } from '../shared/store/codec.ts';
import { getItem, strip } from '../shared/store/items.ts';
import { indexKeys, type Key, keys } from '../shared/store/keys.ts';
import { type Page, queryAll, queryPage } from '../shared/store/query.ts';
import type {
  CaseAggregate,
  Discharger,
  EnforcementCase,
  Evidence,
  HandoffProposal,
  Sample,
  Sanction,
} from './model.ts';
import { type CaseStatus, OPEN_CASE_STATUSES } from './status.ts';

// ---- ids: items under a case are addressed `<caseId>:<local id>` ----

export function childId(caseId: string, localId: string): string {
  return `${caseId}:${localId}`;
}

export function parseChildId(id: string): { caseId: string; localId: string } | null {
  const at = id.lastIndexOf(':');
  if (at <= 0 || at === id.length - 1) return null;
  return { caseId: id.slice(0, at), localId: id.slice(at + 1) };
}

// ---- cases ----

/** Index attributes of a case: its bureau's open or closed list, and its enterprise file's list. */
export function caseIndexes(c: EnforcementCase): Item {
  const open = c.status !== 'CLOSED';
  return {
    GSI1PK: open
      ? indexKeys.openCases.partition(c.bureauUnitId)
      : indexKeys.closedCases.partition(c.bureauUnitId),
    GSI1SK: open
      ? indexKeys.openCases.sort(c.status, c.openedAt, c.id)
      : indexKeys.closedCases.sort(c.closedAt ?? c.updatedAt, c.id),
    GSI2PK: c.party?.dischargerId ? indexKeys.dischargerCases.partition(c.party.dischargerId) : undefined,
    GSI2SK: c.party?.dischargerId ? indexKeys.dischargerCases.sort(c.openedAt, c.id) : undefined,
  };
}

export function caseItem(c: EnforcementCase): Item & Key {
  return { ...keys.case(c.id), itemType: 'Case', ...caseIndexes(c), ...c };
}

export function sampleItem(sample: Sample): Item & Key {
  const local = parseChildId(sample.id)?.localId as string;
  return { ...keys.caseSample(sample.caseId, local), itemType: 'CaseSample', ...sample };
}

export function evidenceItem(evidence: Evidence): Item & Key {
  const local = parseChildId(evidence.id)?.localId as string;
  return { ...keys.caseEvidence(evidence.caseId, local), itemType: 'Evidence', ...evidence };
}

export function evidenceKey(id: string): Key | null {
  const ref = parseChildId(id);
  return ref ? keys.caseEvidence(ref.caseId, ref.localId) : null;
}

export function sanctionItem(sanction: Sanction): Item & Key {
  const local = parseChildId(sanction.id)?.localId as string;
  return { ...keys.caseSanction(sanction.caseId, local), itemType: 'Sanction', ...sanction };
}

export function sanctionKey(id: string): Key | null {
  const ref = parseChildId(id);
  return ref ? keys.caseSanction(ref.caseId, ref.localId) : null;
}

export function handoffItem(proposal: HandoffProposal): Item & Key {
  const local = parseChildId(proposal.id)?.localId as string;
  return { ...keys.handoffProposal(proposal.caseId, local), itemType: 'HandoffProposal', ...proposal };
}

export async function getCase(store: Store, caseId: string): Promise<EnforcementCase | undefined> {
  return getItem<EnforcementCase>(store, keys.case(caseId));
}

/** The case and every item under it, in one query; undefined when there is no such case. */
export async function getCaseAggregate(store: Store, caseId: string): Promise<CaseAggregate | undefined> {
  const items = await queryAll(store, { partition: keys.case.partition(caseId) });
  const aggregate: Partial<CaseAggregate> = { samples: [], evidence: [], sanctions: [] };
  for (const item of items) {
    switch (item.itemType) {
      case 'Case':
        aggregate.case = strip<EnforcementCase>(item);
        break;
      case 'CaseSample':
        aggregate.samples?.push(strip<Sample>(item));
        break;
      case 'Evidence':
        aggregate.evidence?.push(strip<Evidence>(item));
        break;
      case 'Sanction':
        aggregate.sanctions?.push(strip<Sanction>(item));
        break;
      case 'HandoffProposal':
        aggregate.handoff = strip<HandoffProposal>(item);
        break;
    }
  }
  return aggregate.case ? (aggregate as CaseAggregate) : undefined;
}

/** Cases by id in one BatchGetItem per 100 (for the GraphQL loaders). */
export async function getCases(store: Store, ids: readonly string[]): Promise<Map<string, EnforcementCase>> {
  return getMany(store, ids, keys.case, strip<EnforcementCase>);
}

/** Items under cases by their `<caseId>:<local>` ids (evidence or sanctions), in one batch. */
export async function getChildren<T>(
  store: Store,
  ids: readonly string[],
  keyOf: (id: string) => Key | null,
): Promise<Map<string, T>> {
  return getMany(store, ids, keyOf, strip<T>);
}

/** Open cases of a bureau, grouped by status (all open statuses, or one). */
export async function listOpenCases(
  store: Store,
  bureauUnitId: string,
  status: CaseStatus | undefined,
  first: number,
  after?: string | null,
): Promise<Page<EnforcementCase>> {
  const page = await queryPage(
    store,
    {
      index: indexKeys.openCases.index,
      partition: indexKeys.openCases.partition(bureauUnitId),
      ...(status ? { prefix: `${status}#` } : {}),
    },
    first,
    after,
  );
  return { ...page, items: page.items.map((item) => strip<EnforcementCase>(item as Item)) };
}

/** Closed cases of a bureau, most recently closed first. */
export async function listClosedCases(
  store: Store,
  bureauUnitId: string,
  first: number,
  after?: string | null,
): Promise<Page<EnforcementCase>> {
  const page = await queryPage(
    store,
    {
      index: indexKeys.closedCases.index,
      partition: indexKeys.closedCases.partition(bureauUnitId),
      descending: true,
    },
    first,
    after,
  );
  return { ...page, items: page.items.map((item) => strip<EnforcementCase>(item as Item)) };
}

export type CaseCounts = Record<CaseStatus, number>;

/** A bureau's case counts by status, from its stats item (one read, whatever the number of cases). */
export async function getCaseCounts(store: Store, bureauUnitId: string): Promise<CaseCounts> {
  const stats = (await getItem<Item>(store, keys.caseStats(bureauUnitId))) ?? {};
  const counts = {} as CaseCounts;
  for (const status of [...OPEN_CASE_STATUSES, 'CLOSED'] as const) {
    counts[status] = Number(stats[countAttribute(status)] ?? 0);
  }
  return counts;
}

export function countAttribute(status: CaseStatus): string {
  return `count${status}`;
}

export async function listDischargerCases(
  store: Store,
  dischargerId: string,
  first: number,
  after?: string | null,
): Promise<Page<EnforcementCase>> {
  const page = await queryPage(
    store,
    {
      index: indexKeys.dischargerCases.index,
      partition: indexKeys.dischargerCases.partition(dischargerId),
      descending: true,
    },
    first,
    after,
  );
  return { ...page, items: page.items.map((item) => strip<EnforcementCase>(item as Item)) };
}

// ---- enterprise files ----

export function dischargerItem(d: Discharger): Item & Key {
  return {
    ...keys.discharger(d.id),
    itemType: 'Discharger',
    GSI1PK: indexKeys.dischargerList.partition(),
    GSI1SK: indexKeys.dischargerList.sort(d.createdAt, d.id),
    ...d,
  };
}

export function creditCodeItem(d: Pick<Discharger, 'id' | 'creditCode'>): Item & Key {
  return {
    ...keys.dischargerByCreditCode(d.creditCode as string),
    itemType: 'CreditCode',
    dischargerId: d.id,
  };
}

export async function getDischarger(store: Store, id: string): Promise<Discharger | undefined> {
  return getItem<Discharger>(store, keys.discharger(id));
}

export async function getDischargers(store: Store, ids: readonly string[]): Promise<Map<string, Discharger>> {
  return getMany(store, ids, keys.discharger, strip<Discharger>);
}

/** The file ids of credit codes, in one batch (codes without a file are absent). */
export async function dischargerIdsByCreditCode(
  store: Store,
  codes: readonly string[],
): Promise<Map<string, string>> {
  return getMany(store, codes, keys.dischargerByCreditCode, (item) => String(item.dischargerId));
}

export async function listDischargers(
  store: Store,
  first: number,
  after?: string | null,
): Promise<Page<Discharger>> {
  const page = await queryPage(
    store,
    { index: indexKeys.dischargerList.index, partition: indexKeys.dischargerList.partition() },
    first,
    after,
  );
  return { ...page, items: page.items.map((item) => strip<Discharger>(item as Item)) };
}
