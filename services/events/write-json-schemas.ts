/** `npm run events:schemas`: writes the catalog's JSON Schemas to services/events/schemas/ (committed). */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogJsonSchemas } from './json-schema.ts';

export const SCHEMA_DIR = join(dirname(fileURLToPath(import.meta.url)), 'schemas');

export function renderSchemas(): Map<string, string> {
  return new Map(catalogJsonSchemas().map((s) => [s.fileName, `${JSON.stringify(s.schema, null, 2)}\n`]));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(SCHEMA_DIR, { recursive: true });
  for (const file of readdirSync(SCHEMA_DIR)) rmSync(join(SCHEMA_DIR, file));
  for (const [file, text] of renderSchemas()) writeFileSync(join(SCHEMA_DIR, file), text);
  console.log(`Wrote ${renderSchemas().size} schemas to ${SCHEMA_DIR}`);
}
