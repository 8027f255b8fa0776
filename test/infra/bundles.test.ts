/**
 * What goes into each Lambda bundle, built as the CDK construct builds it: what a cold start loads (the
 * entry and its static chunks) under the 1 MB budget for every function, the GraphQL function's command
 * modules in chunks loaded on first use, and the GraphQL bundle free of what it must not carry. Sizes, not
 * speed: `npm run bench` reports the module-load times.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BUNDLE_BYTES } from '../../infra/bundling.ts';
import {
  type BuiltBundle,
  buildBundles,
  ENTRY_NAMES,
  filesUnder,
  loadInFreshNode,
  packageRoots,
} from '../support/bundles.ts';

const outdir = mkdtempSync(join(tmpdir(), 'clearwater-bundles-'));
const bundles = new Map<string, BuiltBundle>();

beforeAll(async () => {
  for (const bundle of await buildBundles(outdir)) bundles.set(bundle.name, bundle);
}, 120_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const bundle = (name: string) => bundles.get(name) as BuiltBundle;
const hasPackage = (inputs: readonly string[], name: string) =>
  packageRoots(inputs).some((root) => root.endsWith(`node_modules/${name}`));

/** The modules behind the GraphQL mutations, and what only they use. */
const LOADED_ON_FIRST_USE = [
  /^services\/[^/]+\/commands\.ts$/,
  /^services\/[^/]+\/[^/]+-commands\.ts$/,
  /^services\/plan\/import\.ts$/,
  /^services\/handoffs\/joint\.ts$/,
  /^services\/webhooks\/(redelivery|destination)\.ts$/,
  /^services\/outfalls\/(import|import-rows|gate)\.ts$/,
  /^services\/events\/catalog\/index\.ts$/,
  /node_modules\/csv-parse\//,
];

describe('The Lambda bundles', () => {
  it.each(ENTRY_NAMES)('%s: what a cold start loads stays under 1 MB minified', (name) => {
    expect(bundle(name).coldStartBytes).toBeLessThan(MAX_BUNDLE_BYTES);
  });

  it('load the GraphQL mutations’ command modules on first use: in chunks, not at a cold start', () => {
    const graphql = bundle('graphql');
    const lazy = (path: string) => LOADED_ON_FIRST_USE.some((pattern) => pattern.test(path));
    expect(graphql.inputs.filter(lazy)).toEqual([]);
    // They are in the function, in chunks of their own.
    const deployed = graphql.allInputs.filter(lazy);
    for (const module of [
      'services/cases/case-commands.ts',
      'services/cases/evidence-commands.ts',
      'services/complaints/commands.ts',
      'services/handoffs/commands.ts',
      'services/handoffs/joint.ts',
      'services/outfalls/import.ts',
      'services/plan/commands.ts',
      'services/plan/import.ts',
      'services/units/commands.ts',
      'services/webhooks/commands.ts',
      'services/webhooks/redelivery.ts',
      'services/events/catalog/index.ts',
    ]) {
      expect(deployed, module).toContain(module);
    }
    expect(hasPackage(graphql.allInputs, 'csv-parse')).toBe(true);
    expect(graphql.files.length).toBeGreaterThan(graphql.coldStart.length);
  });

  it('start with the cold-start files alone: no chunk loaded on first use is needed to load the handler', async () => {
    for (const b of bundles.values()) {
      const only = join(outdir, 'cold-start-only', b.name);
      for (const file of b.coldStart) {
        mkdirSync(dirname(join(only, file)), { recursive: true });
        cpSync(join(b.dir, file), join(only, file));
      }
      expect(filesUnder(only)).toEqual(b.coldStart);

      const { exports } = await loadInFreshNode(join(only, 'index.mjs'));

      expect(exports, b.name).toContain('handler');
    }
  });

  it('carry one copy of graphql-js, its ES modules only, and zod without its locales', () => {
    const graphql = bundle('graphql');
    expect(
      packageRoots(graphql.allInputs).filter((root) => /node_modules\/graphql$/.test(root)),
    ).toHaveLength(1);
    // GraphQL Armor's `graphql/language/parser` import would add the CommonJS parser (and a second
    // GraphQLError class) beside the ES modules: aliased in bundling.ts.
    expect(graphql.allInputs.filter((path) => /node_modules\/graphql\/.*\.js$/.test(path))).toEqual([]);
    // `import { z } from 'zod'` drags in every locale (~260 KB): the code imports `* as z`.
    for (const b of bundles.values()) {
      expect(
        b.allInputs.filter((path) => path.includes('zod/v4/locales/') && !path.endsWith('/en.js')),
      ).toEqual([]);
    }
  });

  it('leave GraphiQL out of the GraphQL function: it is served by the local runtime only', () => {
    const graphql = bundle('graphql');
    for (const name of [
      '@graphql-yoga/render-graphiql',
      'graphiql',
      '@graphiql/react',
      '@graphiql/toolkit',
    ]) {
      expect(hasPackage(graphql.allInputs, name), name).toBe(false);
    }
  });

  it('give the GraphQL function Node’s own fetch API, not yoga’s ponyfill for Node’s HTTP server', () => {
    expect(hasPackage(bundle('graphql').allInputs, '@whatwg-node/node-fetch')).toBe(false);
    expect(hasPackage(bundle('graphql').allInputs, '@fastify/busboy')).toBe(false);
  });

  it('trace the workers with the X-Ray SDK, and leave it out of the GraphQL function', () => {
    for (const name of ['publisher', 'sweeper', 'bus-target']) {
      expect(hasPackage(bundle(name).inputs, 'aws-xray-sdk-core'), name).toBe(true);
    }
    expect(hasPackage(bundle('graphql').allInputs, 'aws-xray-sdk-core')).toBe(false);
    expect(hasPackage(bundle('graphql').inputs, '@aws-lambda-powertools/logger')).toBe(true);
  });

  it('ship no source map reference: maps are build artefacts, not loaded at run time', () => {
    for (const b of bundles.values()) {
      for (const file of b.files) {
        expect(readFileSync(join(b.dir, file), 'utf8'), `${b.name}/${file}`).not.toContain(
          'sourceMappingURL',
        );
      }
      // Every code file has its map, kept apart.
      expect(filesUnder(b.mapDir)).toEqual(b.files.map((file) => `${file}.map`));
    }
  });
});
