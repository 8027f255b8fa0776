/** Input helpers shared by resolvers. */

/** GraphQL passes omitted optional inputs as null; the domain's zod schemas expect them absent. */
export function withoutNulls<T extends object>(input: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null)) as never;
}
