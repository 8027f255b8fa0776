/**
 * `npm run bench`, Lambda bundles: each function's bundle, built as the CDK construct builds it, with its
 * size and its module-load time (import in a fresh `node` process, median of several runs), without
 * source maps as deployed and, for comparison, with `--enable-source-maps` over its map.
 * Figures, not pass/fail: the size budget is a test (test/infra/bundles.test.ts), the time budget is not.
 */
import { execFile } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { MAX_BUNDLE_BYTES } from '../../infra/bundling.ts';
import { type BuiltBundle, buildBundles } from '../support/bundles.ts';

const RUNS = 7;
const LOAD_BUDGET_MS = 150;

/** What the handlers read at module load; no AWS call is made by loading. */
const LAMBDA_ENV = {
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

interface Load {
  /** Wall-clock time of the import. */
  wall: number;
  /** CPU time the process spent on it (all threads): steadier than wall time on a shared machine. */
  cpu: number;
}

async function load(file: string, nodeOptions: string[]): Promise<Load> {
  const script = `const c = process.cpuUsage(); const t = performance.now();
    await import(${JSON.stringify(pathToFileURL(file).href)});
    const wall = performance.now() - t; const { user, system } = process.cpuUsage(c);
    console.log(JSON.stringify({ wall, cpu: (user + system) / 1000 }));`;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [...nodeOptions, '--input-type=module', '-e', script],
    { env: { PATH: process.env.PATH, ...LAMBDA_ENV } },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) as string) as Load;
}

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/** Medians of RUNS loads, each in a fresh process. */
async function medianLoad(file: string, nodeOptions: string[] = []): Promise<Load> {
  const loads: Load[] = [];
  for (let i = 0; i < RUNS; i++) loads.push(await load(file, nodeOptions));
  return { wall: median(loads.map((l) => l.wall)), cpu: median(loads.map((l) => l.cpu)) };
}

/** The same code with a `sourceMappingURL` comment, as the functions were deployed before. */
function withLinkedMap(bundle: BuiltBundle): string {
  const linked = join(bundle.file, '..', 'linked.mjs');
  copyFileSync(bundle.file, linked);
  appendFileSync(linked, '\n//# sourceMappingURL=index.mjs.map\n');
  return linked;
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(0)} KB`;
const ms = (n: number) => `${n.toFixed(0)} ms`;

export async function benchBundles(): Promise<void> {
  const outdir = mkdtempSync(join(tmpdir(), 'clearwater-bench-bundles-'));
  try {
    const bundles = await buildBundles(outdir);
    console.log(
      `Lambda bundles (minified ESM as deployed; module load = import in a fresh node ${process.version} process, medians of ${RUNS})`,
    );
    for (const bundle of bundles) {
      const plain = await medianLoad(bundle.file);
      const withMaps = await medianLoad(withLinkedMap(bundle), ['--enable-source-maps']);
      const map = statSync(`${bundle.file}.map`).size;
      const over =
        (bundle.bytes >= MAX_BUNDLE_BYTES ? ' OVER 1 MB' : '') +
        (plain.wall >= LOAD_BUDGET_MS ? ' OVER 150 ms' : '');
      console.log(
        `  ${bundle.name.padEnd(10)} ${kb(bundle.bytes).padStart(7)}  load ${ms(plain.wall).padStart(6)} (CPU ${ms(plain.cpu)})` +
          `   with --enable-source-maps over its ${kb(map)} map: ${ms(withMaps.wall)} (CPU ${ms(withMaps.cpu)})${over}`,
      );
    }
    console.log(`  (load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores)`);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
