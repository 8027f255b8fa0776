/**
 * Reading a production stack trace: a bundle built with the Lambda options (split, minified, external
 * maps) throws in a plain Node process, in its entry and in a chunk loaded on first use, and
 * `resolveStackTrace` turns the positions back into source lines.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { esbuildOptions } from '../../infra/bundling.ts';
import { resolveStackTrace, sourceMapsIn } from '../../infra/stacktrace.ts';

const dir = mkdtempSync(join(tmpdir(), 'clearwater-stacktrace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HANDLER = `export async function handler(input: { items: number[]; late?: boolean }): Promise<number> {
  if (input.late) return (await import('./late.ts')).lateAverage(input.items);
  return input.items.reduce((sum, item) => sum + item, 0) / countOf(input);
}

function countOf(input: { items: number[] }): number {
  if (input.items.length === 0) throw new Error('no items to average');
  return input.items.length;
}
`;

const LATE = `export function lateAverage(items: number[]): number {
  if (items.length === 0) throw new Error('no late items');
  return items[0] ?? 0;
}
`;

/** Runs the bundle's handler in a plain Node process, as Lambda does (no --enable-source-maps). */
function traceOf(input: unknown): string {
  return execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import(${JSON.stringify(join(dir, 'out', 'index.mjs'))}).then((m) => m.handler(${JSON.stringify(input)})).catch((e) => console.log(e.stack))`,
    ],
    { encoding: 'utf8' },
  );
}

describe('resolveStackTrace', () => {
  it('maps the minified positions of a Lambda bundle, entry and chunks, back to the original file, line and column', async () => {
    writeFileSync(join(dir, 'average.ts'), HANDLER);
    writeFileSync(join(dir, 'late.ts'), LATE);
    await build({ ...esbuildOptions(join(dir, 'average.ts'), join(dir, 'out')), logLevel: 'error' });
    const maps = sourceMapsIn(join(dir, 'out'));

    const trace = traceOf({ items: [] });
    expect(trace).toMatch(/index\.mjs:\d+:\d+/);
    const resolved = resolveStackTrace(trace, maps);

    expect(resolved).toContain('Error: no items to average');
    expect(resolved).toMatch(/average\.ts:7:\d+/); // the throw
    expect(resolved).toMatch(/average\.ts:3:\d+/); // the call in handler
    expect(resolved).not.toMatch(/index\.mjs:\d+:\d+/);

    const lateTrace = traceOf({ items: [], late: true });
    expect(lateTrace).toMatch(/chunks\/late-[A-Z0-9]+\.mjs:\d+:\d+/);
    const lateResolved = resolveStackTrace(lateTrace, maps);

    expect(lateResolved).toContain('Error: no late items');
    expect(lateResolved).toMatch(/late\.ts:2:\d+/);
    expect(lateResolved).not.toMatch(/\.mjs:\d+:\d+/);
  });

  it('leaves the Lambda runtime’s own frames, files without a map and other text as they are', () => {
    const map = {
      version: 3,
      file: 'index.mjs',
      sources: ['a.ts'],
      sourcesContent: [''],
      sourceRoot: '',
      names: [],
      mappings: 'AAAA',
    };
    const trace =
      'Error: x\n    at Runtime.handleOnceNonStreaming (file:///var/runtime/index.mjs:1205:29)\n' +
      '    at f (file:///var/task/chunks/unknown-AB12.mjs:1:5)';

    expect(resolveStackTrace(trace, (file) => (file === 'index.mjs' ? map : undefined))).toBe(trace);
  });
});
