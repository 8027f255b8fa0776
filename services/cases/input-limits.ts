/**
 * The caps of the cases context's inputs, and the custody actions. A module of its own because the GraphQL
 * schema documents them when it is built, at every cold start, while the zod schemas of inputs.ts run only
 * in the commands, which are loaded on first use (graphql/lazy.ts).
 */
export const LIMITS = {
  name: 200,
  address: 300,
  text: 2000,
  shortText: 200,
  documentNumber: 64,
  fileRef: 1024,
  permits: 20,
  outfalls: 50,
  results: 50,
  penalties: 200,
  /**
   * Evidence content sent inline: 512 KiB decoded, so that its base64 (~683 KB) fits the API's 1 MiB request
   * body cap (graphql/limits.ts); larger files are hashed by the client and sent as `sha256`.
   */
  evidenceContentBytes: 512 * 1024,
} as const;

export const CUSTODY_ACTIONS = [
  'RECEIVED',
  'HANDED_OVER',
  'EXAMINED',
  'SEALED',
  'STORED',
  'RETURNED',
] as const;
