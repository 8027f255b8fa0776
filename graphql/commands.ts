/**
 * The command functions behind the GraphQL mutations, in one module that the resolvers load on first use
 * (`lazy(() => import('../commands.ts'))`, graphql/lazy.ts). In the Lambda bundle it is one chunk: a cold
 * start loads none of it, the first mutation of an instance loads it all, once. One module rather than
 * one per context because each lazily loaded module makes esbuild split the code shared with the cold
 * start into more files, and each file loaded costs the cold start (~8 ms of CPU for 20 files instead of
 * 5, `npm run bench`). The outfall bulk import (csv-parse) is loaded apart: large, and rarely needed.
 *
 * A context with mutations adds its command modules here, one line each.
 */
export * from '../services/cases/case-commands.ts';
export * from '../services/cases/discharger-commands.ts';
export * from '../services/cases/evidence-commands.ts';
export * from '../services/cases/rectification-commands.ts';
export * from '../services/cases/sanction-commands.ts';
export * from '../services/complaints/commands.ts';
export * from '../services/handoffs/commands.ts';
export * from '../services/handoffs/joint.ts';
export * from '../services/outfalls/commands.ts';
export * from '../services/outfalls/gate.ts';
export * from '../services/outfalls/lifecycle-commands.ts';
export * from '../services/plan/commands.ts';
export * from '../services/plan/import.ts';
export * from '../services/units/commands.ts';
export * from '../services/webhooks/commands.ts';
export * from '../services/webhooks/redelivery.ts';
