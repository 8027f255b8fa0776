/**
 * What a bulk import accepts: its formats and its caps. A module of its own because the GraphQL schema
 * reads them when it is built, at every cold start, while the import itself (csv-parse and all) is loaded
 * on its first use (graphql/lazy.ts).
 */
export const IMPORT_FORMATS = ['CSV', 'JSON'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** The documented caps of one import: the document's size and its rows. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 10_000;
