/**
 * Global ids. Every object type with an `id` answers a globally unique one, `<Type>:<domain id>`
 * (e.g. `Task:yanhu-2020:6`), readable in logs yet unambiguous across types, so client caches that
 * normalize by id (Apollo, Relay) never merge two objects and `node(id:)` can find any of them.
 * Arguments that name an entity accept its global id or its plain domain id (`yanhu-2020:6`), so the
 * ids a client reads can be passed straight back and people can still type the ids they know.
 */
import { BadUserInputError } from '../services/shared/errors.ts';

const GLOBAL_ID = /^([A-Z][A-Za-z]{1,39}):(.+)$/s;

export function encodeGlobalId(typename: string, id: string | number | bigint): string {
  return `${typename}:${id}`;
}

export function decodeGlobalId(globalId: string): { typename: string; id: string } {
  const match = GLOBAL_ID.exec(globalId);
  if (!match) {
    throw new BadUserInputError([
      { field: 'id', message: 'is not a global id (`<Type>:<id>`, as an `id` field answers)' },
    ]);
  }
  return { typename: match[1] as string, id: match[2] as string };
}

/**
 * The domain id named by an argument: the id inside a global id of `typename`, or the value itself
 * when it is not a global id. A global id of another type is refused, naming both types.
 */
export function domainId(value: string | number, typename: string, field = 'id'): string {
  const text = String(value);
  const match = GLOBAL_ID.exec(text);
  if (!match) return text;
  if (match[1] !== typename) {
    throw new BadUserInputError([{ field, message: `is the id of a ${match[1]}, not of a ${typename}` }]);
  }
  return match[2] as string;
}
