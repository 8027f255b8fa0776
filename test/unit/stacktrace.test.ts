/**
 * Reading a production stack trace: a bundle built with the Lambda options (minified, external map)
 * throws in a plain Node process, and `resolveStackTrace` turns its positions back into source lines.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { esbuildOptions } from '../../infra/bundling.ts';
import { resolveStackTrace } from '../../infra/stacktrace.ts';

const dir = mkdtempSync(join(tmpdir(), 'clearwater-stacktrace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SOURCE = `export function handler(input: { items: number[] }): number {
  return input.items.reduce((sum, item) => sum + item, 0) / countOf(input);
}

function countOf(input: { items: number[] }): number {
  if (input.items.length === 0) throw new Error('no items to average');
  return input.items.length;
}
`;

describe('resolveStackTrace', () => {
  it('maps the minified positions of a Lambda bundle back to the original file, line and column', async () => {
    writeFileSync(join(dir, 'average.ts'), SOURCE);
    const bundle = join(dir, 'out', 'index.mjs');
    await build({ ...esbuildOptions(join(dir, 'average.ts'), bundle), logLevel: 'error' });
    // As in Lambda: no --enable-source-maps, so the trace shows bundle positions.
    const trace = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import(${JSON.stringify(bundle)}).then((m) => m.handler({ items: [] })).catch((e) => console.log(e.stack))`,
      ],
      { encoding: 'utf8' },
    );
    expect(trace).toMatch(/index\.mjs:\d+:\d+/);

    const resolved = resolveStackTrace(trace, JSON.parse(readFileSync(`${bundle}.map`, 'utf8')));

    expect(resolved).toContain('Error: no items to average');
    expect(resolved).toMatch(/average\.ts:6:\d+/); // the throw
    expect(resolved).toMatch(/average\.ts:2:\d+/); // the call in handler
    expect(resolved).not.toMatch(/index\.mjs:\d+:\d+/);
  });

  it('leaves the Lambda runtime’s own frames and other text as they are', () => {
    const map = {
      version: 3,
      file: 'index.mjs',
      sources: ['a.ts'],
      sourcesContent: [''],
      sourceRoot: '',
      names: [],
      mappings: 'AAAA',
    };
    const trace = 'Error: x\n    at Runtime.handleOnceNonStreaming (file:///var/runtime/index.mjs:1205:29)';

    expect(resolveStackTrace(trace, map)).toBe(trace);
  });
});
