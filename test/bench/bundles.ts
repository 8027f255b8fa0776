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

async function loadMs(file: string, nodeOptions: string[]): Promise<number> {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(performance.now() - t);`;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [...nodeOptions, '--input-type=module', '-e', script],
    { env: { PATH: process.env.PATH, ...LAMBDA_ENV } },
  );
  return Number(stdout.trim().split('\n').at(-1));
}

/** Median and minimum of RUNS loads: on a shared machine the minimum shows what contention hides. */
async function loadTimes(file: string, nodeOptions: string[] = []): Promise<{ median: number; min: number }> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await loadMs(file, nodeOptions));
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(RUNS / 2)] as number, min: times[0] as number };
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
      `Lambda bundles (minified ESM as deployed; module load = import in a fresh node ${process.version} process, median of ${RUNS})`,
    );
    for (const bundle of bundles) {
      const load = await loadTimes(bundle.file);
      const withMaps = await loadTimes(withLinkedMap(bundle), ['--enable-source-maps']);
      const map = statSync(`${bundle.file}.map`).size;
      const over =
        (bundle.bytes >= MAX_BUNDLE_BYTES ? ' OVER 1 MB' : '') +
        (load.median >= LOAD_BUDGET_MS ? ' OVER 150 ms' : '');
      console.log(
        `  ${bundle.name.padEnd(10)} ${kb(bundle.bytes).padStart(7)}  load ${ms(load.median).padStart(6)} (min ${ms(load.min)})` +
          `   with --enable-source-maps over its ${kb(map)} map: ${ms(withMaps.median)} (min ${ms(withMaps.min)})${over}`,
      );
    }
    console.log(`  (load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores)`);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
