/** A township that an input names must be one of the district's: cases and reports are counted by it. */
import { BadUserInputError } from '../shared/errors.ts';
import type { Store } from '../shared/store/client.ts';
import { getUnit } from './repository.ts';

/** BAD_USER_INPUT on `field` unless `unitId` is absent or names a unit of kind TOWNSHIP. */
export async function assertTownship(store: Store, unitId: string | undefined, field: string): Promise<void> {
  if (unitId === undefined) return;
  const unit = await getUnit(store, unitId);
  if (unit?.kind !== 'TOWNSHIP') {
    throw new BadUserInputError([{ field, message: `${unitId} is not a township of the district` }]);
  }
}
