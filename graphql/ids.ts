/**
 * Global ids. Every object type with an `id` answers a globally unique one, `<Type>:<domain id>`
 * (e.g. `Task:yanhu-2020:6`), readable in logs yet unambiguous across types, so client caches that
 * normalize by id (Apollo, Relay) never merge two objects and `node(id:)` can find any of them.
 * Arguments that name an entity accept its global id or its plain domain id (`yanhu-2020:6`), so the
 * ids a client reads can be passed straight back and people can still type the ids they know.
 */
import { type GraphQLSchema, isObjectType } from 'graphql';
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

/**
 * The domain id of an argument that names any kind of entity (the events filter's `entityId`): the id
 * inside a global id of any type, or the value itself.
 */
export function anyDomainId(value: string | number): string {
  const text = String(value);
  return GLOBAL_ID.exec(text)?.[2] ?? text;
}

/** `node(id:)` and `nodes(ids:)` look up node types only: any other type name is bad input. */
export function assertNodeType(schema: GraphQLSchema, typename: string, field: string): void {
  const type = schema.getType(typename);
  if (!isObjectType(type) || !type.getInterfaces().some((i) => i.name === 'Node')) {
    throw new BadUserInputError([{ field, message: `names no type that node() can load (${typename})` }]);
  }
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * The `:`-separated parts of a node's domain id (`yanhu-2020:6` → `['yanhu-2020', '6']`), or
 * BAD_USER_INPUT when it has another number of parts or a part that no id of the type could have.
 */
export function idParts(id: string, typename: string, count: number): string[] {
  const parts = id.split(':');
  if (parts.length !== count || !parts.every((part) => SEGMENT.test(part))) {
    throw new BadUserInputError([{ field: 'id', message: `is not the id of a ${typename}` }]);
  }
  return parts;
}
