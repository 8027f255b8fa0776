/**
 * `npm run bench`, Lambda bundles: each function's code, built as the CDK construct builds it, with what a
 * cold start loads (the entry and its static chunks) and the total of every chunk, and the module-load
 * time of the entry (import in a fresh `node` process, median of several runs): without source maps as
 * deployed, with `--enable-source-maps` over its maps for comparison, and the cost of loading every chunk
 * left for first use afterwards (what the first mutations add, together, on a warm instance).
 * Figures, not pass/fail: the size budget is a test (test/infra/bundles.test.ts), the time budget is not.
 */
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { MAX_BUNDLE_BYTES } from '../../infra/bundling.ts';
import { type BuiltBundle, buildBundles, type Load, loadInFreshNode } from '../support/bundles.ts';

const RUNS = 7;
const LOAD_BUDGET_MS = 150;

type Timing = Pick<Load, 'wall' | 'cpu'>;
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const medians = (loads: Timing[]): Timing => ({
  wall: median(loads.map((l) => l.wall)),
  cpu: median(loads.map((l) => l.cpu)),
});

/** Medians of RUNS loads of the entry, each in a fresh process; and of the lazy chunks loaded after it. */
async function medianLoad(
  file: string,
  options: Parameters<typeof loadInFreshNode>[1] = {},
): Promise<{ entry: Timing; also?: Timing }> {
  const loads: Awaited<ReturnType<typeof loadInFreshNode>>[] = [];
  for (let i = 0; i < RUNS; i++) loads.push(await loadInFreshNode(file, options));
  const also = loads.flatMap((l) => (l.also ? [l.also] : []));
  return { entry: medians(loads), also: also.length > 0 ? medians(also) : undefined };
}

/** A copy of the code with a `sourceMappingURL` comment in every file, as the functions were deployed before. */
function withLinkedMaps(bundle: BuiltBundle): string {
  const linked = `${bundle.dir}.linked`;
  cpSync(bundle.dir, linked, { recursive: true });
  cpSync(bundle.mapDir, linked, { recursive: true });
  for (const file of bundle.files) {
    appendFileSync(join(linked, file), `\n//# sourceMappingURL=${basename(file)}.map\n`);
  }
  return join(linked, 'index.mjs');
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(0)} KB`;
const ms = (n: number) => `${n.toFixed(0)} ms`;

export async function benchBundles(): Promise<void> {
  const outdir = mkdtempSync(join(tmpdir(), 'clearwater-bench-bundles-'));
  try {
    const bundles = await buildBundles(outdir);
    console.log(
      `Lambda bundles (minified ESM as deployed; cold start = the entry and its static chunks; load = import of the entry in a fresh node ${process.version} process, medians of ${RUNS})`,
    );
    for (const bundle of bundles) {
      const lazy = bundle.files.filter((file) => !bundle.coldStart.includes(file));
      const plain = await medianLoad(bundle.file, { alsoImport: lazy.map((file) => join(bundle.dir, file)) });
      const withMaps = await medianLoad(withLinkedMaps(bundle), { nodeOptions: ['--enable-source-maps'] });
      const over =
        (bundle.coldStartBytes >= MAX_BUNDLE_BYTES ? ' OVER 1 MB' : '') +
        (plain.entry.cpu >= LOAD_BUDGET_MS ? ' OVER 150 ms' : '');
      console.log(
        `  ${bundle.name.padEnd(10)} cold start ${kb(bundle.coldStartBytes).padStart(7)} in ${bundle.coldStart.length} files` +
          ` (all ${bundle.files.length} files: ${kb(bundle.totalBytes)})` +
          `  load CPU ${ms(plain.entry.cpu)}, wall ${ms(plain.entry.wall)}` +
          (plain.also
            ? `; then the ${lazy.length} chunks left for first use: CPU ${ms(plain.also.cpu)}, wall ${ms(plain.also.wall)}`
            : '') +
          `; with --enable-source-maps: CPU ${ms(withMaps.entry.cpu)}, wall ${ms(withMaps.entry.wall)}${over}`,
      );
    }
    console.log(`  (load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores)`);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
