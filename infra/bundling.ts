/**
 * How every Lambda bundle is built: the one definition that the CDK construct, `npm run bench` and the
 * bundle tests use, so what is measured is what is deployed.
 *
 * Split bundles. A function's code is an entry file (`index.mjs`) and chunks (`chunks/*.mjs`): esbuild's
 * code splitting turns every dynamic `import()` into a chunk of its own, so a cold start loads the entry
 * and the chunks it imports statically, and nothing else. The GraphQL resolvers import the commands behind
 * the mutations that way (graphql/commands.ts, graphql/lazy.ts): a cold start parses and runs the server,
 * the schema, the loaders and the read paths; the first mutation loads the commands (and what only they
 * use: the plan import, evidence hashing, the event catalog) once per instance, the outfall bulk import
 * (csv-parse) apart. The budget (`MAX_BUNDLE_BYTES`) holds for what a cold start loads, the entry and its
 * static chunks; the bench reports the total of every chunk beside it. Fewer lazily imported modules make
 * fewer files at a cold start (each costs it some CPU): hence one module for all the commands.
 * The AWS SDK stays bundled: leaving it to the runtime's copy makes a smaller asset but a slower module
 * load (measured ≈ 180 ms of CPU against ≈ 120 ms).
 *
 * Source maps are external files, kept as build artefacts (`cdk.out/sourcemaps/<entry>/`, one map per
 * output file: `index.mjs.map`, `chunks/<chunk>.mjs.map`) and never deployed: the functions run without
 * `--enable-source-maps`, which would parse multi-megabyte maps at every cold start. An operator resolves a
 * production stack trace offline (`npm run stacktrace`).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, buildSync, type Metafile } from 'esbuild';

/** The Lambda entry points by name (the name also names each entry's source map folder). */
export const LAMBDA_ENTRIES = {
  graphql: 'services/lambda/graphql.ts',
  publisher: 'services/lambda/publisher.ts',
  sweeper: 'services/lambda/sweeper.ts',
  'bus-target': 'services/lambda/bus-target.ts',
} as const;
export type LambdaEntryName = keyof typeof LAMBDA_ENTRIES;

/** The budget of what one cold start loads (entry and static chunks, minified): beyond it, cold starts grow. */
export const MAX_BUNDLE_BYTES = 1_000_000;

/** Where source maps go, relative to the cloud assembly (cdk.out). */
export const SOURCE_MAP_DIR = 'sourcemaps';

/** The file Lambda loads (`index.handler`); chunks go to `chunks/`. */
export const ENTRY_FILE = 'index.mjs';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

export const BUNDLE = {
  format: 'esm',
  /** The Node.js major of the Lambda runtime (`NODE_RUNTIME` in service-function.ts). */
  target: 'node24',
  mainFields: ['module', 'main'],
  // esbuild's ESM output cannot `require()` Node built-ins from CommonJS dependencies; a module-level
  // `require` made with createRequire lets them load. esbuild puts it at the top of every chunk.
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
    // GraphQL Armor's token limit imports graphql-js's parser by its extensionless path, which resolves to
    // the CommonJS build: a second parser, lexer and GraphQLError (~44 KB) beside the ESM graphql-js every
    // other module uses. The ESM file is the same parser.
    'graphql/language/parser': 'graphql/language/parser.mjs',
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

/** esbuild's options for one entry, its output (entry file, chunks and their maps) in `outdir`. */
export function esbuildOptions(entry: string, outdir: string): BuildOptions {
  return {
    entryPoints: { index: entry },
    outdir,
    absWorkingDir: REPO_ROOT,
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    // `.mjs`: /var/task has no package.json saying `"type": "module"`.
    outExtension: { '.js': '.mjs' },
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

/**
 * Builds one Lambda function's code into `outdir` (what is deployed: the entry file and its chunks) and
 * their source maps into `mapDir` (the same relative paths, `.map` added; nothing else is left there).
 * What the CDK construct runs; the tests and the bench too.
 */
export function bundleLambda(name: LambdaEntryName, outdir: string, mapDir: string): Metafile {
  const options = esbuildOptions(LAMBDA_ENTRIES[name], outdir);
  const { outputFiles, metafile } = buildSync({
    ...options,
    write: false,
    metafile: true,
    logLevel: 'error',
  });
  // Chunk names carry a content hash: maps of an earlier build would pile up beside these.
  rmSync(mapDir, { recursive: true, force: true });
  for (const file of outputFiles) {
    const path = relative(outdir, file.path);
    const target = path.endsWith('.map') ? join(mapDir, path) : join(outdir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.contents);
  }
  return metafile;
}

/**
 * The output files a cold start loads, relative to the function's root: the entry and every chunk it
 * imports statically, directly or not (Node links them all before the handler module runs). Chunks
 * reached only through `import()` are left out: they load on first use.
 */
export function coldStartFiles(metafile: Metafile, outdir: string): string[] {
  const outputs = Object.fromEntries(
    Object.entries(metafile.outputs).map(([path, output]) => [
      relative(outdir, join(REPO_ROOT, path)),
      output,
    ]),
  );
  const loaded = new Set<string>();
  const pending = [ENTRY_FILE];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (loaded.has(file)) continue;
    loaded.add(file);
    for (const { path, kind, external } of outputs[file]?.imports ?? []) {
      if (kind === 'import-statement' && !external) pending.push(relative(outdir, join(REPO_ROOT, path)));
    }
  }
  return [...loaded].sort();
}
