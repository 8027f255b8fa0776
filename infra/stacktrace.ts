/**
 * Resolves the positions of a production stack trace (minified `/var/task/index.mjs:1:23456`) to the
 * original sources, with the source map kept when the bundle was built (cdk.out/sourcemaps/<entry>/).
 */
import { SourceMap, type SourceMapPayload } from 'node:module';

// `file:///var/task/index.mjs:1:23456`, `/var/task/index.mjs:1:23456` or a local `…/index.mjs:1:23456`;
// not the Lambda runtime's own `/var/runtime/index.mjs`.
const POSITION = /((?:file:\/\/)?[^\s()"'`]*index\.mjs):(\d+):(\d+)/g;

export function resolveStackTrace(trace: string, payload: SourceMapPayload): string {
  const map = new SourceMap(payload);
  return trace.replace(POSITION, (match, file: string, line: string, column: string) => {
    if (file.includes('/var/runtime/')) return match;
    const origin = map.findOrigin(Number(line), Number(column));
    if (!('fileName' in origin)) return match;
    return `${sourcePath(origin.fileName)}:${origin.lineNumber}:${origin.columnNumber}`;
  });
}

/** esbuild writes sources relative to where the bundle was built: keep the repository-relative part. */
function sourcePath(fileName: string): string {
  return fileName.replace(/^(?:\.\.\/)+/, '');
}
