/**
 * Resolves the positions of a production stack trace (minified `/var/task/index.mjs:1:23456`, or
 * `/var/task/chunks/<chunk>.mjs:1:234` in a chunk loaded on first use) to the original sources, with the
 * source maps kept when the bundle was built (cdk.out/sourcemaps/<entry>/, one map per file).
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { join } from 'node:path';

/** The source map of a bundle file, by its path in the function's code: `index.mjs`, `chunks/<chunk>.mjs`. */
export type SourceMaps = (file: string) => SourceMapPayload | undefined;

// `file:///var/task/index.mjs:1:23456`, `/var/task/chunks/x-AB12.mjs:1:23456` or a local path, but not the
// Lambda runtime's own `/var/runtime/index.mjs`.
const POSITION = /((?:file:\/\/)?[^\s()"'`]*?\.mjs):(\d+):(\d+)/g;
const BUNDLE_FILE = /(?:^|\/)((?:chunks\/)?[^/]+\.mjs)$/;

export function resolveStackTrace(trace: string, maps: SourceMaps): string {
  const parsed = new Map<string, SourceMap | undefined>();
  const mapOf = (file: string) => {
    if (!parsed.has(file)) {
      const payload = maps(file);
      parsed.set(file, payload && new SourceMap(payload));
    }
    return parsed.get(file);
  };
  return trace.replace(POSITION, (match, path: string, line: string, column: string) => {
    const file = BUNDLE_FILE.exec(path)?.[1];
    if (path.includes('/var/runtime/') || !file) return match;
    const origin = mapOf(file)?.findOrigin(Number(line), Number(column));
    if (!origin || !('fileName' in origin)) return match;
    return `${sourcePath(origin.fileName)}:${origin.lineNumber}:${origin.columnNumber}`;
  });
}

/** The maps of one function's build: `<dir>/index.mjs.map`, `<dir>/chunks/<chunk>.mjs.map`. */
export function sourceMapsIn(dir: string): SourceMaps {
  return (file) => {
    const path = join(dir, `${file}.map`);
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as SourceMapPayload) : undefined;
  };
}

/** esbuild writes sources relative to where the bundle was built: keep the repository-relative part. */
function sourcePath(fileName: string): string {
  return fileName.replace(/^(?:\.\.\/)+/, '');
}
