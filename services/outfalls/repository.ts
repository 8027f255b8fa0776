/** Reads and item builders of the outfall register; every key from the one key registry. */
import { BatchGetItemCommand } from '@aws-sdk/client-dynamodb';
import type { Store } from '../shared/store/client.ts';
import { type AttributeMap, fromAttributes, type Item, toAttributes } from '../shared/store/codec.ts';
import { getItem, strip } from '../shared/store/items.ts';
import { indexKeys, type Key, keys } from '../shared/store/keys.ts';
import { type KeyQuery, type Page, queryAll, queryPage } from '../shared/store/query.ts';
import type { UnitOfWork } from '../shared/store/transaction.ts';
import { Update } from '../shared/store/update.ts';
import type { Outfall, Sample } from './model.ts';
import { type Counts, parseStatKey, type StatDimension, type StatsDelta } from './stats.ts';
import type { VillageHolder } from './village.ts';

export const OUTFALL = 'Outfall';

export function outfallItem(outfall: Outfall, district: string): Item & Key {
  return {
    ...keys.outfall(outfall.id),
    itemType: OUTFALL,
    ...outfall,
    ...listEntries(outfall, district),
  };
}

/** The index attributes an outfall carries: the register list always, the public list while disclosed. */
export function listEntries(outfall: Pick<Outfall, 'code' | 'waterBody' | 'disclosed'>, district: string) {
  return {
    GSI1PK: indexKeys.outfallList.partition(district),
    GSI1SK: indexKeys.outfallList.sort(outfall.code),
    GSI2PK: outfall.disclosed ? indexKeys.publicOutfalls.partition(district) : undefined,
    GSI2SK: outfall.disclosed ? indexKeys.publicOutfalls.sort(outfall.waterBody, outfall.code) : undefined,
  };
}

export async function getOutfall(store: Store, id: string): Promise<Outfall | undefined> {
  const found = await getItem<Outfall & { itemType?: string }>(store, keys.outfall(id));
  return found;
}

/** Outfalls by id in as few requests as BatchGetItem allows; missing ids are absent. */
export async function getOutfalls(store: Store, ids: readonly string[]): Promise<Map<string, Outfall>> {
  const items = await batchGet(
    store,
    [...new Set(ids)].map((id) => keys.outfall(id)),
  );
  return new Map(items.map((item) => [String(item.id), strip<Outfall>(item)]));
}

/** Items by key (each key once: BatchGetItem refuses duplicates), 100 keys a request. */
export async function batchGet(store: Store, keyList: readonly Key[]): Promise<Item[]> {
  const wanted = [...new Map(keyList.map((k) => [`${k.PK}\n${k.SK}`, k])).values()];
  const found: Item[] = [];
  for (let i = 0; i < wanted.length; i += 100) {
    let requested: AttributeMap[] = wanted.slice(i, i + 100).map((key) => toAttributes(key));
    for (let attempt = 0; requested.length > 0; attempt++) {
      const result = await store.db.send(
        new BatchGetItemCommand({
          RequestItems: { [store.tableName]: { Keys: requested, ConsistentRead: true } },
        }),
      );
      for (const item of result.Responses?.[store.tableName] ?? []) found.push(fromAttributes(item));
      requested = result.UnprocessedKeys?.[store.tableName]?.Keys ?? [];
      if (requested.length > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
    }
  }
  return found;
}

export interface OutfallFilter {
  waterBody?: string;
  townshipUnitId?: string;
  category?: string;
  state?: string;
  annexItem?: string;
}

/** A FilterExpression over the attributes a filter names (waterBody is a key prefix on the public index). */
export function filterExpression(
  filter: OutfallFilter,
  skip: (keyof OutfallFilter)[] = [],
): KeyQuery['filter'] {
  const parts: string[] = [];
  const names: Record<string, string> = {};
  const values: Item = {};
  for (const [name, value] of Object.entries(filter) as [keyof OutfallFilter, string | undefined][]) {
    if (value === undefined || value === null || skip.includes(name)) continue;
    parts.push(`#f_${name} = :f_${name}`);
    names[`#f_${name}`] = name;
    values[`:f_${name}`] = value;
  }
  return parts.length ? { expression: parts.join(' AND '), names, values } : undefined;
}

/** The register by code, filtered. */
export async function listOutfalls(
  store: Store,
  district: string,
  filter: OutfallFilter,
  first: number,
  after?: string | null,
): Promise<Page<Outfall>> {
  const page = await queryPage(
    store,
    {
      index: indexKeys.outfallList.index,
      partition: indexKeys.outfallList.partition(district),
      filter: filterExpression(filter),
    },
    first,
    after,
  );
  return { ...page, items: page.items.map((item) => strip<Outfall>(item as Item)) };
}

/** Disclosed outfalls by water body and code; a water body narrows the key range itself. */
export function publicQuery(district: string, filter: OutfallFilter): KeyQuery {
  return {
    index: indexKeys.publicOutfalls.index,
    partition: indexKeys.publicOutfalls.partition(district),
    ...(filter.waterBody ? { prefix: indexKeys.publicOutfalls.sk.prefix(filter.waterBody) } : {}),
    filter: filterExpression(filter, ['waterBody']),
  };
}

export async function listPublicOutfalls(
  store: Store,
  district: string,
  filter: OutfallFilter,
  first: number,
  after?: string | null,
): Promise<Page<Outfall>> {
  const page = await queryPage(store, publicQuery(district, filter), first, after);
  return { ...page, items: page.items.map((item) => strip<Outfall>(item as Item)) };
}

export async function allPublicOutfalls(store: Store, district: string): Promise<Outfall[]> {
  const items = await queryAll(store, publicQuery(district, {}));
  return items.map((item) => strip<Outfall>(item));
}

// ---- Samples ----

export function sampleItem(sample: Sample): Item & Key {
  return {
    ...keys.outfallSample(sample.outfallId, sample.sampledAt, sample.id),
    itemType: 'OutfallSample',
    ...sample,
  };
}

/** Newest first. */
export async function listSamples(
  store: Store,
  outfallId: string,
  first: number,
  after?: string | null,
): Promise<Page<Sample>> {
  const page = await queryPage(
    store,
    {
      partition: keys.outfallSample.partition(outfallId),
      prefix: keys.outfallSample.sortPrefix(),
      descending: true,
    },
    first,
    after,
  );
  return { ...page, items: page.items.map((item) => strip<Sample>(item as Item)) };
}

// ---- Uniqueness items ----

export interface CodeHolder {
  outfallId: string;
  code: string;
  importId?: string;
}

export function codeItem(district: string, holder: CodeHolder): Item & Key {
  return { ...keys.outfallCode(district, holder.code), itemType: 'OutfallCode', ...holder };
}

export function getCodeHolder(store: Store, district: string, code: string): Promise<CodeHolder | undefined> {
  return getItem<CodeHolder>(store, keys.outfallCode(district, code));
}

export function villageItem(
  townshipUnitId: string,
  village: string,
  holder: VillageHolder & { importId?: string },
): Item & Key {
  return { ...keys.outfallVillage(townshipUnitId, village), itemType: 'OutfallVillage', ...holder };
}

export function getVillageHolder(
  store: Store,
  townshipUnitId: string,
  village: string,
): Promise<VillageHolder | undefined> {
  return getItem<VillageHolder>(store, keys.outfallVillage(townshipUnitId, village));
}

// ---- Counters ----

export interface StatItem extends Counts {
  dimension: StatDimension;
  value: string;
}

/** Adds one update per counter item of the delta to the unit of work. */
export function applyStats(work: UnitOfWork, district: string, delta: StatsDelta): void {
  for (const [key, counts] of delta) {
    const { dimension, value } = parseStatKey(key);
    const update = new Update().setAll({ itemType: 'OutfallStats', dimension, value });
    for (const [name, n] of Object.entries(counts)) update.increment(name, n);
    work.update(keys.outfallStats(district, dimension, value), update);
  }
}

/** Every counter item of the district: one Query, whatever the size of the register. */
export async function readStats(store: Store, district: string): Promise<StatItem[]> {
  const items = await queryAll(store, { partition: keys.outfallStats.partition(district) });
  return items.map((item) => strip<StatItem>(item));
}
