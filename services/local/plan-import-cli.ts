/**
 * `npm run plan:import -- <plan.json> [--url http://localhost:4000/graphql] [--token <jwt>] [--check]`
 * Imports a plan document through the GraphQL `importPlan` mutation (so it is validated, audited and
 * announced exactly as from any client). Locally a supervisor token is minted with the dev issuer and
 * the running `npm start` is found through `.clearwater/server.json`; against AWS pass `--url` and a
 * supervisor's `--token`. `--check` validates the file and, when a server is known (`--url` or a running
 * `npm start`), asks it for a dry run: what the stored state refuses (a unit id another plan uses under
 * another name, a plan that exists) is reported and nothing is written.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PlanDocument } from '../plan/model.ts';
import { zodProblems } from '../shared/validation.ts';
import { parseCommandLine, UsageError } from './cli.ts';
import { signDevToken } from './dev-issuer.ts';
import { KEYS_DIR, SERVER_FILE } from './paths.ts';
import { runningServerUrl } from './server-file.ts';

const USAGE = `
Usage: npm run plan:import -- <plan.json> [--url <GraphQL URL>] [--token <jwt>] [--check]

Imports a plan document through the importPlan mutation.
  --url     the GraphQL endpoint (default: the running npm start, else http://localhost:$PORT/graphql, PORT 4000)
  --token   a supervisor's token (default: one minted by the local development issuer)
  --check   only validate: the file offline, then a dry run on the server when one is known (nothing is written)
`;

function fail(message: string): never {
  console.error(`plan:import: ${message}`);
  process.exit(1);
}

const { values, positionals } = parseCommandLine('plan:import', USAGE, process.argv.slice(2), (args) => {
  const parsed = parseArgs({
    args,
    options: { url: { type: 'string' }, token: { type: 'string' }, check: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (parsed.positionals.length === 0)
    throw new UsageError('give the plan file: npm run plan:import -- path/to/plan.json');
  if (parsed.positionals.length > 1)
    throw new UsageError(`one plan file at a time, got ${parsed.positionals.join(' ')}`);
  return parsed;
});
const file = positionals[0] as string;
let document: unknown;
try {
  document = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  fail(`cannot read ${file} as JSON: ${(error as Error).message}`);
}

const checked = PlanDocument.safeParse(document);
if (!checked.success) {
  console.error(`plan:import: ${file} is not a valid plan document:`);
  for (const p of zodProblems(checked.error, 'document')) console.error(`  ${p.field}: ${p.message}`);
  process.exit(1);
}
const running = runningServerUrl(SERVER_FILE);
if (values.check && !values.url && !running) {
  console.log(
    `${file}: valid plan ${checked.data.id} with ${checked.data.tasks.length} tasks (checked offline: no server to check its units against)`,
  );
  process.exit(0);
}

const url = values.url ?? `${running ?? `http://localhost:${process.env.PORT ?? 4000}`}/graphql`;
const token =
  values.token ?? (await signDevToken(KEYS_DIR, { roles: ['SUPERVISOR'], sub: 'plan-import-cli' }));
const response = await fetch(url, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  body: JSON.stringify({
    query:
      'mutation ($d: JSON!, $dry: Boolean) { importPlan(document: $d, dryRun: $dry) { planId title taskCount } }',
    variables: { d: document, dry: values.check === true },
  }),
}).catch((error) => fail(`cannot reach ${url} (is \`npm start\` running?): ${error.message}`));
const body = (await response.json()) as {
  data?: { importPlan?: unknown };
  errors?: { message: string; extensions?: unknown }[];
};
if (body.errors?.length) {
  for (const e of body.errors)
    console.error(`plan:import: ${e.message} ${JSON.stringify(e.extensions ?? {})}`);
  process.exit(1);
}
if (values.check)
  console.log(`${file}: valid plan ${checked.data.id}, checked against ${url} (nothing written)`);
else console.log(JSON.stringify(body.data?.importPlan));
