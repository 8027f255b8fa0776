/**
 * The Lambda bundles built exactly as the CDK construct builds them (`esbuildOptions` of
 * infra/bundling.ts), with esbuild's metafile to tell what went into each.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { esbuildOptions, LAMBDA_ENTRIES, type LambdaEntryName } from '../../infra/bundling.ts';

export interface BuiltBundle {
  name: LambdaEntryName;
  /** The bundle's path: `<outdir>/<name>/index.mjs`, its map beside it. */
  file: string;
  bytes: number;
  /** Input files that contributed code, relative to the repository root. */
  inputs: string[];
  metafile: Metafile;
}

export const ENTRY_NAMES = Object.keys(LAMBDA_ENTRIES) as LambdaEntryName[];

export async function buildBundle(name: LambdaEntryName, outdir: string): Promise<BuiltBundle> {
  const file = join(outdir, name, 'index.mjs');
  const { metafile } = await build({
    ...esbuildOptions(LAMBDA_ENTRIES[name], file),
    metafile: true,
    logLevel: 'error',
  });
  const output = Object.entries(metafile.outputs).find(([path]) => path.endsWith('index.mjs'));
  const inputs = Object.entries(output?.[1].inputs ?? {})
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path);
  return { name, file, bytes: statSync(file).size, inputs, metafile };
}

/** One after the other: esbuild already uses every core for one bundle. */
export async function buildBundles(outdir: string, names = ENTRY_NAMES): Promise<BuiltBundle[]> {
  const built: BuiltBundle[] = [];
  for (const name of names) built.push(await buildBundle(name, outdir));
  return built;
}

/** The packages (by their `node_modules/...` root) that contributed code to a bundle. */
export function packageRoots(bundle: BuiltBundle): string[] {
  const roots = bundle.inputs.map((path) => /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1]);
  return [...new Set(roots.filter((root): root is string => root !== undefined))];
}
