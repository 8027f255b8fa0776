/**
 * How every Lambda bundle is built: the one definition that the CDK construct, `npm run bench` and the
 * bundle tests read, so what is measured is what is deployed.
 *
 * Source maps are external files, kept as build artefacts (`cdk.out/sourcemaps/<entry>/index.mjs.map`) and
 * never deployed: the functions run without `--enable-source-maps`, which would parse a multi-megabyte map
 * at every cold start. An operator resolves a production stack trace offline (`npm run stacktrace`).
 */
import type { BuildOptions } from 'esbuild';

/** The Lambda entry points by name (the name also names each entry's source map folder). */
export const LAMBDA_ENTRIES = {
  graphql: 'services/lambda/graphql.ts',
  publisher: 'services/lambda/publisher.ts',
  sweeper: 'services/lambda/sweeper.ts',
  'bus-target': 'services/lambda/bus-target.ts',
} as const;
export type LambdaEntryName = keyof typeof LAMBDA_ENTRIES;

/** The budget of one minified bundle: beyond it, cold starts grow (a test and the bench check it). */
export const MAX_BUNDLE_BYTES = 1_000_000;

/** Where source maps go, relative to the cloud assembly (cdk.out). */
export const SOURCE_MAP_DIR = 'sourcemaps';

export const BUNDLE = {
  format: 'esm',
  /** The Node.js major of the Lambda runtime (`NODE_RUNTIME` in service-function.ts). */
  target: 'node24',
  mainFields: ['module', 'main'],
  // esbuild's ESM output cannot `require()` Node built-ins from CommonJS dependencies; a module-level
  // `require` made with createRequire lets them load.
  banner:
    "import { createRequire as clearwaterCreateRequire } from 'node:module'; const require = clearwaterCreateRequire(import.meta.url);",
  minify: true,
  // Chinese text as UTF-8 (3 bytes a character) instead of \uXXXX escapes (6 bytes).
  charset: 'utf8',
  alias: {
    // Node's own fetch API instead of yoga's ponyfill for Node's HTTP server (~100 KB with its multipart
    // parser and URLPattern polyfill): the Lambda adapter calls `yoga.fetch`, no HTTP server runs, and the
    // Lambda runtime has every fetch API global yoga needs. The bundle test runs the result on Node 20.
    '@whatwg-node/fetch': '@whatwg-node/fetch/dist/global-ponyfill.js',
    // Credentials from the function's environment only (see lambda-credentials.ts).
    '@aws-sdk/credential-provider-node': './infra/lambda-credentials.ts',
  } as Record<string, string>,
  // Everything is bundled, the AWS SDK v3 included, instead of leaving `@aws-sdk/*` to the copy the
  // runtime ships: the function then runs the exact SDK versions the lockfile pins and the tests ran,
  // not whatever the runtime happens to carry, and esbuild tree-shakes the SDK with the rest.
  external: [
    // Loaded by the SDK (a dynamic import) only for operations with event streams, which none of ours
    // has (DynamoDB, EventBridge, SQS): kept out of the bundle rather than parsed at every cold start.
    '@smithy/core/event-streams',
  ] as string[],
} as const;

/** esbuild's options for one entry, as the CDK construct passes them to the esbuild CLI. */
export function esbuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: BUNDLE.format,
    target: BUNDLE.target,
    mainFields: [...BUNDLE.mainFields],
    banner: { js: BUNDLE.banner },
    minify: BUNDLE.minify,
    charset: BUNDLE.charset,
    alias: { ...BUNDLE.alias },
    sourcemap: 'external',
    external: [...BUNDLE.external],
  };
}
