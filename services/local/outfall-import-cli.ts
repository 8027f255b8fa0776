/**
 * `npm run outfalls:import -- <register.csv|register.json> [--dry-run] [--url …/graphql] [--token <jwt>]`
 * Sends an inspection register through the GraphQL `importOutfalls` mutation (validated whole, all or
 * nothing, audited like any client's). The format follows the file's extension. Locally a supervisor token
 * is minted with the dev issuer; against AWS pass `--url` and a `--token`. Every problem is printed with
 * its line.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { signDevToken } from './dev-issuer.ts';
import { KEYS_DIR } from './paths.ts';

function fail(message: string): never {
  console.error(`outfalls:import: ${message}`);
  process.exit(1);
}

const { values, positionals } = parseArgs({
  options: { url: { type: 'string' }, token: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  allowPositionals: true,
});
const file = positionals[0] ?? fail('give the register: npm run outfalls:import -- path/to/register.csv');
const format = extname(file).toLowerCase() === '.json' ? 'JSON' : 'CSV';
let document: string;
try {
  document = readFileSync(file, 'utf8');
} catch (error) {
  fail(`cannot read ${file}: ${(error as Error).message}`);
}

const url = values.url ?? `http://localhost:${process.env.PORT ?? 4000}/graphql`;
const token =
  values.token ?? (await signDevToken(KEYS_DIR, { roles: ['SUPERVISOR'], sub: 'outfall-import-cli' }));
const response = await fetch(url, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  body: JSON.stringify({
    query:
      'mutation ($d: String!, $f: OutfallImportFormat!, $dry: Boolean) { importOutfalls(document: $d, format: $f, dryRun: $dry) { importId dryRun rowCount written byAnnexItem } }',
    variables: { d: document, f: format, dry: values['dry-run'] ?? false },
  }),
}).catch((error) => fail(`cannot reach ${url} (is \`npm start\` running?): ${error.message}`));
const body = (await response.json()) as {
  data?: { importOutfalls?: unknown };
  errors?: {
    message: string;
    extensions?: { code?: string; problems?: { field: string; message: string }[] };
  }[];
};
if (body.errors?.length) {
  for (const e of body.errors) {
    console.error(
      `outfalls:import: ${e.extensions?.code ?? 'ERROR'} ${e.extensions?.problems ? '' : e.message}`,
    );
    for (const p of e.extensions?.problems ?? []) console.error(`  ${p.field}: ${p.message}`);
  }
  process.exit(1);
}
console.log(JSON.stringify(body.data?.importOutfalls));
