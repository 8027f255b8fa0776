/**
 * The Lambda bundles built exactly as the CDK construct builds them (`bundleLambda` of infra/bundling.ts),
 * with esbuild's metafile to tell what went into each and what a cold start loads.
 */
import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Metafile } from 'esbuild';
import {
  bundleLambda,
  coldStartFiles,
  ENTRY_FILE,
  LAMBDA_ENTRIES,
  type LambdaEntryName,
} from '../../infra/bundling.ts';

export interface BuiltBundle {
  name: LambdaEntryName;
  /** The function's code folder, `<outdir>/<name>`: the entry file and `chunks/`, as deployed. */
  dir: string;
  /** Its source maps, `<outdir>/<name>.maps`, as cdk.out/sourcemaps/<name> holds them. */
  mapDir: string;
  /** The entry file Lambda loads. */
  file: string;
  /** Every code file, relative to `dir`. */
  files: string[];
  /** The files a cold start loads (the entry and its static chunks), relative to `dir`. */
  coldStart: string[];
  /** Bytes a cold start loads: the files of `coldStart`. */
  coldStartBytes: number;
  /** Bytes of every code file, the chunks loaded on first use included. */
  totalBytes: number;
  /** Input files that contributed code to the cold-start files, relative to the repository root. */
  inputs: string[];
  /** Input files that contributed code to any file. */
  allInputs: string[];
  metafile: Metafile;
}

export const ENTRY_NAMES = Object.keys(LAMBDA_ENTRIES) as LambdaEntryName[];

/** Every file under `dir`, relative to it, sorted. */
export function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((path) => statSync(join(dir, path)).isFile())
    .sort();
}

export async function buildBundle(name: LambdaEntryName, outdir: string): Promise<BuiltBundle> {
  const dir = join(outdir, name);
  const mapDir = join(outdir, `${name}.maps`);
  const metafile = bundleLambda(name, dir, mapDir);
  const files = filesUnder(dir);
  const coldStart = coldStartFiles(metafile, dir);
  const bytes = (paths: string[]) => paths.reduce((sum, path) => sum + statSync(join(dir, path)).size, 0);
  const inputsOf = (paths: string[]) => {
    const contributed = new Set<string>();
    for (const [output, { inputs }] of Object.entries(metafile.outputs)) {
      if (!paths.some((path) => output.endsWith(`/${name}/${path}`))) continue;
      for (const [input, { bytesInOutput }] of Object.entries(inputs)) {
        if (bytesInOutput > 0) contributed.add(input);
      }
    }
    return [...contributed].sort();
  };
  return {
    name,
    dir,
    mapDir,
    file: join(dir, ENTRY_FILE),
    files,
    coldStart,
    coldStartBytes: bytes(coldStart),
    totalBytes: bytes(files),
    inputs: inputsOf(coldStart),
    allInputs: inputsOf(files),
    metafile,
  };
}

/** One after the other: esbuild already uses every core for one bundle. */
export async function buildBundles(outdir: string, names = ENTRY_NAMES): Promise<BuiltBundle[]> {
  const built: BuiltBundle[] = [];
  for (const name of names) built.push(await buildBundle(name, outdir));
  return built;
}

/** The packages (by their `node_modules/...` root) that contributed code to these input files. */
export function packageRoots(inputs: readonly string[]): string[] {
  const roots = inputs.map((path) => /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1]);
  return [...new Set(roots.filter((root): root is string => root !== undefined))];
}

/** What the handlers read at module load; no AWS call is made by loading. */
export const LAMBDA_ENV = {
  AWS_REGION: 'cn-north-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  POWERTOOLS_SERVICE_NAME: 'clearwater',
  POWERTOOLS_METRICS_NAMESPACE: 'Clearwater',
  CLEARWATER_TABLE: 'bench',
  CLEARWATER_BUS: 'clearwater',
  CLEARWATER_PUBLISHER_DLQ_URL: 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/bench',
  CLEARWATER_JWT_ISSUER: 'https://issuer.example.test',
  CLEARWATER_TARGET: 'eventLog',
};

export interface Load {
  /** Wall-clock time of the import. */
  wall: number;
  /** CPU time the process spent on it (all threads): steadier than wall time on a shared machine. */
  cpu: number;
  /** The names the module exports. */
  exports: string[];
}

/**
 * Imports `file` in a fresh `node` process, as a cold start does, with the Lambda environment above, and
 * then, when `alsoImport` is given, those files too (timed apart: `also`).
 */
export async function loadInFreshNode(
  file: string,
  options: { nodeOptions?: string[]; alsoImport?: string[] } = {},
): Promise<Load & { also?: Omit<Load, 'exports'> }> {
  const url = (path: string) => JSON.stringify(pathToFileURL(path).href);
  const script = `
    const timed = async (load) => {
      const c = process.cpuUsage(); const t = performance.now();
      const loaded = await load();
      const wall = performance.now() - t; const { user, system } = process.cpuUsage(c);
      return { loaded, wall, cpu: (user + system) / 1000 };
    };
    const entry = await timed(() => import(${url(file)}));
    const also = ${JSON.stringify((options.alsoImport ?? []).map((path) => pathToFileURL(path).href))};
    const rest = also.length > 0 ? await timed(() => Promise.all(also.map((u) => import(u)))) : undefined;
    console.log(JSON.stringify({
      wall: entry.wall, cpu: entry.cpu, exports: Object.keys(entry.loaded),
      also: rest && { wall: rest.wall, cpu: rest.cpu },
    }));`;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [...(options.nodeOptions ?? []), '--input-type=module', '-e', script],
    { env: { PATH: process.env.PATH, ...LAMBDA_ENV } },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) as string);
}
