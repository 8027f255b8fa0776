/**
 * What goes into each Lambda bundle, built as the CDK construct builds it: every bundle under its 1 MB
 * budget (cold starts grow with it), and the GraphQL bundle free of what it must not carry. Sizes, not
 * speed: `npm run bench` reports the module-load times.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BUNDLE_BYTES } from '../../infra/bundling.ts';
import { type BuiltBundle, buildBundles, ENTRY_NAMES, packageRoots } from '../support/bundles.ts';

const outdir = mkdtempSync(join(tmpdir(), 'clearwater-bundles-'));
const bundles = new Map<string, BuiltBundle>();

beforeAll(async () => {
  for (const bundle of await buildBundles(outdir)) bundles.set(bundle.name, bundle);
}, 120_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const bundle = (name: string) => bundles.get(name) as BuiltBundle;
const hasPackage = (b: BuiltBundle, name: string) =>
  packageRoots(b).some((root) => root.endsWith(`node_modules/${name}`));

describe('The Lambda bundles', () => {
  it.each(ENTRY_NAMES)('%s stays under 1 MB minified', (name) => {
    expect(bundle(name).bytes).toBeLessThan(MAX_BUNDLE_BYTES);
  });

  it('carry one copy of graphql-js, and zod without its locales', () => {
    const graphql = bundle('graphql');
    expect(packageRoots(graphql).filter((root) => /node_modules\/graphql$/.test(root))).toHaveLength(1);
    // `import { z } from 'zod'` drags in every locale (~260 KB): the code imports `* as z`.
    for (const b of bundles.values()) {
      expect(b.inputs.filter((path) => path.includes('zod/v4/locales/') && !path.endsWith('/en.js'))).toEqual(
        [],
      );
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
      expect(hasPackage(graphql, name), name).toBe(false);
    }
  });

  it('give the GraphQL function Node’s own fetch API, not yoga’s ponyfill for Node’s HTTP server', () => {
    expect(hasPackage(bundle('graphql'), '@whatwg-node/node-fetch')).toBe(false);
    expect(hasPackage(bundle('graphql'), '@fastify/busboy')).toBe(false);
  });

  it('trace the workers with the X-Ray SDK, and leave it out of the GraphQL function', () => {
    for (const name of ['publisher', 'sweeper', 'bus-target']) {
      expect(hasPackage(bundle(name), 'aws-xray-sdk-core'), name).toBe(true);
    }
    expect(hasPackage(bundle('graphql'), 'aws-xray-sdk-core')).toBe(false);
    expect(hasPackage(bundle('graphql'), '@aws-lambda-powertools/logger')).toBe(true);
  });

  it('ship no source map reference: maps are build artefacts, not loaded at run time', () => {
    for (const b of bundles.values()) {
      expect(readFileSync(b.file, 'utf8'), b.name).not.toContain('sourceMappingURL');
    }
  });
});
