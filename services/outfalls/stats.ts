/**
 * Counters of the register (outfallStats, annex progress), kept in the same transaction as each change.
 * An outfall contributes to one counter item per dimension (its water body, township, category and
 * annex item); a change moves its contribution from the items of its old values to those of its new
 * ones. The register total is the sum of the category items, so no single item is touched by every
 * change. Deltas of many outfalls (a bulk import) add up into one update per item. Pure.
 */
import type { AnnexItem } from './annex.ts';
import type { OutfallCategory } from './categories.ts';
import { isEnded, type OutfallState } from './lifecycle.ts';

export const STAT_DIMENSIONS = ['WATER_BODY', 'TOWNSHIP', 'CATEGORY', 'ANNEX'] as const;
export type StatDimension = (typeof STAT_DIMENSIONS)[number];

/** The township slot of an outfall with none (e.g. an outlet on a canal between townships). */
export const NO_TOWNSHIP = 'NONE';

/** What an outfall counts for, as counted (stored flags, not recomputed). */
export interface Contribution {
  waterBody: string;
  townshipUnitId?: string;
  category: OutfallCategory;
  annexItem: AnnexItem;
  state: OutfallState;
  late: boolean;
  disclosed: boolean;
}

/** The counted attributes of a counter item: one per state, and `late`, `disclosed`, `total`. */
export type Counts = Partial<Record<OutfallState | 'late' | 'disclosed' | 'total', number>>;

/** Deltas per counter item, keyed `DIMENSION#value`. */
export type StatsDelta = Map<string, Counts>;

export function statKey(dimension: StatDimension, value: string): string {
  return `${dimension}#${value}`;
}

export function parseStatKey(key: string): { dimension: StatDimension; value: string } {
  const at = key.indexOf('#');
  return { dimension: key.slice(0, at) as StatDimension, value: key.slice(at + 1) };
}

function itemsOf(c: Contribution): string[] {
  return [
    statKey('WATER_BODY', c.waterBody),
    statKey('TOWNSHIP', c.townshipUnitId ?? NO_TOWNSHIP),
    statKey('CATEGORY', c.category),
    statKey('ANNEX', c.annexItem),
  ];
}

function countsOf(c: Contribution, sign: 1 | -1): Counts {
  const counts: Counts = { total: sign, [c.state]: sign };
  if (c.late && !isEnded(c.state)) counts.late = sign;
  if (c.disclosed) counts.disclosed = sign;
  return counts;
}

function add(delta: StatsDelta, key: string, counts: Counts): void {
  const current = delta.get(key) ?? {};
  for (const [name, n] of Object.entries(counts) as [keyof Counts, number][]) {
    current[name] = (current[name] ?? 0) + n;
  }
  delta.set(key, current);
}

/** Adds the move from `before` to `after` (null: absent) into `delta`, and returns it without zero entries. */
export function addChange(
  delta: StatsDelta,
  before: Contribution | null,
  after: Contribution | null,
): StatsDelta {
  if (before) for (const key of itemsOf(before)) add(delta, key, countsOf(before, -1));
  if (after) for (const key of itemsOf(after)) add(delta, key, countsOf(after, 1));
  return prune(delta);
}

export function statsChange(before: Contribution | null, after: Contribution | null): StatsDelta {
  return addChange(new Map(), before, after);
}

function prune(delta: StatsDelta): StatsDelta {
  for (const [key, counts] of delta) {
    for (const [name, n] of Object.entries(counts)) if (n === 0) delete counts[name as keyof Counts];
    if (Object.keys(counts).length === 0) delta.delete(key);
  }
  return delta;
}

/** Whether an outfall counts as late: past its deadline and not in an end state. */
export function isLate(state: OutfallState, dueAt: string | undefined, now: Date): boolean {
  return !!dueAt && !isEnded(state) && now.getTime() > Date.parse(dueAt);
}

/** Sums counter items (e.g. all ANNEX items = the register). */
export function sumCounts(items: readonly Counts[]): Counts {
  const total: Counts = {};
  for (const counts of items) {
    for (const [name, n] of Object.entries(counts) as [keyof Counts, number][]) {
      total[name] = (total[name] ?? 0) + n;
    }
  }
  return total;
}
