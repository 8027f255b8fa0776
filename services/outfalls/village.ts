/**
 * At most one scattered rural domestic outfall per administrative village, "in principle" (原则上,
 * annex A2): a second one is refused with the existing one named, unless the supervisor records an
 * exception with its reason. An outfall that is sealed or merged frees its village. Pure.
 */
import type { OutfallCategory } from './categories.ts';

export interface VillageHolder {
  outfallId: string;
  code: string;
}

export interface VillageDecision {
  /** Take the village's one place (write the village item). */
  claim: boolean;
  /** Refused: the outfall that already holds the place. */
  refusedBy?: VillageHolder;
}

export function villageRuleApplies(category: OutfallCategory): boolean {
  return category === 'SCATTERED_RURAL_DOMESTIC';
}

/**
 * `holder` is the outfall holding the village's place now (if any); `exception` is the supervisor's
 * recorded exception. An excepted outfall stands beside the holder without taking the place.
 */
export function villageDecision(
  category: OutfallCategory,
  holder: VillageHolder | undefined,
  exception: boolean,
): VillageDecision {
  if (!villageRuleApplies(category)) return { claim: false };
  if (!holder) return { claim: true };
  return exception ? { claim: false } : { claim: false, refusedBy: holder };
}
