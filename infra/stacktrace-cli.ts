/**
 * `npm run stacktrace -- <source map folder> [trace file]`: prints the trace (a file, or standard input, e.g.
 * a Lambda error log line pasted from CloudWatch) with its bundle positions resolved to the original
 * sources. The folder is the function's `cdk.out/sourcemaps/<entry>`; its `index.mjs.map` names it too.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveStackTrace, sourceMapsIn } from './stacktrace.ts';

const { positionals } = parseArgs({ allowPositionals: true, options: {} });
const [maps, traceFile] = positionals;
if (!maps) {
  console.error(
    'Usage: npm run stacktrace -- cdk.out/sourcemaps/<entry> [trace.txt] (or the trace on stdin)',
  );
  process.exit(2);
}
const trace = readFileSync(traceFile ?? 0, 'utf8');
// A map file given instead: its function's folder (chunk maps sit in `chunks/` below it).
const mapFolder = dirname(maps);
const dir = statSync(maps).isDirectory()
  ? maps
  : basename(mapFolder) === 'chunks'
    ? dirname(mapFolder)
    : mapFolder;
process.stdout.write(resolveStackTrace(trace, sourceMapsIn(dir)));
