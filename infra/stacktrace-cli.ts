/**
 * `npm run stacktrace -- <source map> [trace file]`: prints the trace (a file, or standard input, e.g. a
 * Lambda error log line pasted from CloudWatch) with its bundle positions resolved to the original sources.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resolveStackTrace } from './stacktrace.ts';

const { positionals } = parseArgs({ allowPositionals: true, options: {} });
const [mapFile, traceFile] = positionals;
if (!mapFile) {
  console.error(
    'Usage: npm run stacktrace -- cdk.out/sourcemaps/<entry>/index.mjs.map [trace.txt] (or the trace on stdin)',
  );
  process.exit(2);
}
const trace = readFileSync(traceFile ?? 0, 'utf8');
process.stdout.write(resolveStackTrace(trace, JSON.parse(readFileSync(mapFile, 'utf8'))));
