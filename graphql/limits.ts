/**
 * Every limit on what one GraphQL request may ask, in one place (the README's "Query limits" table
 * restates them). A document over a limit is refused before it is executed — the cheap checks before it
 * is even parsed — with `GRAPHQL_VALIDATION_FAILED` and `extensions.limit` naming the limit.
 *
 * The figures leave room above the largest real client query (the README's queries, GraphiQL's
 * introspection, the dashboard query and every query of the tests; `test/api/query-limits.test.ts`
 * checks the README's and GraphiQL's); an anonymous caller (no valid token) may only read the schema
 * today, so its limits are tighter.
 */

export type CallerTier = 'anonymous' | 'authenticated';

export interface DocumentLimits {
  /** Characters of the query text, checked before parsing: parsing is itself the cost of a huge document. */
  characters: number;
  /** `{`, `[` and `(` open at once in the query text, checked before parsing (the parser recurses on them). */
  nesting: number;
  /** Lexical tokens of the query (GraphQL Armor `maxTokens`, counted while parsing). */
  tokens: number;
  /** Fields nested in each other, fragments included (introspection's `__schema` is not counted). */
  depth: number;
  /** Aliased fields, `__typename` included. */
  aliases: number;
  directives: number;
  /** GraphQL Armor's cost: 2 per object field, 1 per scalar, ×1.5 per level, × a literal `first`/`last`. */
  cost: number;
  /** Objects and arrays open at once inside the JSON `variables` (or `extensions`). */
  variablesDepth: number;
  /** Whether validation errors may say `Did you mean "…"?`, which spells out the schema's field names. */
  fieldSuggestions: boolean;
}

/** Largest request body, in bytes: ~45 times the Yanhu plan's `importPlan` request (23 KB). Over it: HTTP 413. */
export const REQUEST_BODY_MAX_BYTES = 1024 * 1024;

export const QUERY_LIMITS: Readonly<Record<CallerTier, Readonly<DocumentLimits>>> = {
  // Largest real figures: 2,075 characters, nesting 10 and 184 tokens (GraphiQL's introspection query),
  // depth 7 and cost 94,319 (the dashboard query, `tasks(first: 500)`), 1 alias, no directive,
  // variables 5 deep (a plan document). A real query sent without a token still gets UNAUTHENTICATED.
  anonymous: {
    characters: 5_000,
    nesting: 16,
    tokens: 500,
    depth: 8,
    aliases: 10,
    directives: 10,
    cost: 150_000,
    variablesDepth: 8,
    fieldSuggestions: false,
  },
  authenticated: {
    characters: 20_000,
    nesting: 24,
    tokens: 2_000,
    depth: 10,
    aliases: 50,
    directives: 30,
    cost: 500_000,
    variablesDepth: 16,
    fieldSuggestions: true,
  },
};

/** The code of every refusal for a limit above (the body limit answers 413 `REQUEST_ENTITY_TOO_LARGE`). */
export const LIMIT_ERROR_CODE = 'GRAPHQL_VALIDATION_FAILED';

export type LimitName = Exclude<keyof DocumentLimits, 'fieldSuggestions'>;
