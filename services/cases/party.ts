/** The party of a case as the client names it: an enterprise file, or a name and code (linked to its file if one exists). */

import { BadUserInputError } from '../shared/errors.ts';
import type { Store } from '../shared/store/client.ts';
import type { Discharger, PartyRef } from './model.ts';
import { dischargerIdsByCreditCode, getDischarger } from './repository.ts';

export interface ResolvedParty {
  party?: PartyRef;
  discharger?: Discharger;
}

export function partyOf(discharger: Discharger): PartyRef {
  return { dischargerId: discharger.id, name: discharger.name, creditCode: discharger.creditCode };
}

export async function resolveParty(
  store: Store,
  input: { dischargerId?: string; name?: string; creditCode?: string } | undefined,
  field = 'input.party',
): Promise<ResolvedParty> {
  if (!input) return {};
  if (input.dischargerId) {
    const discharger = await getDischarger(store, input.dischargerId);
    if (!discharger) {
      throw new BadUserInputError([
        { field: `${field}.dischargerId`, message: `no enterprise file ${input.dischargerId}` },
      ]);
    }
    return { party: partyOf(discharger), discharger };
  }
  if (input.creditCode) {
    const fileId = (await dischargerIdsByCreditCode(store, [input.creditCode])).get(input.creditCode);
    const discharger = fileId ? await getDischarger(store, fileId) : undefined;
    if (discharger) return { party: partyOf(discharger), discharger };
  }
  return { party: { name: input.name as string, creditCode: input.creditCode } };
}
