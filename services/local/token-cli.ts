/**
 * `npm run token -- --role UNIT_OFFICER --unit yanhu-housing [--role …] [--name …] [--sub …] [--expires 8h]`
 * Prints a development token the local server accepts; the token is the last line.
 */
import { parseArgs } from 'node:util';
import yanhu from '../plan/plans/yanhu-2020.json' with { type: 'json' };
import { ROLES, Role } from '../shared/auth/principal.ts';
import { DEFAULT_TOKEN_MAX_LIFETIME_SECONDS, parseLifetime } from '../shared/auth/verify.ts';
import { ENV } from '../shared/config.ts';
import { parseCommandLine } from './cli.ts';
import { signDevToken } from './dev-issuer.ts';
import { KEYS_DIR } from './paths.ts';

const USAGE = `
Usage: npm run token -- --role <ROLE> [--role <ROLE> …] [--unit <unit id>] [--name <name>] [--sub <subject>] [--expires <8h>]

Prints a token signed by the local development issuer (key in .clearwater/keys/); the token is the last line.
  --role      ${ROLES.join(', ')} (repeat for several)
  --unit      the caller's unit, e.g. yanhu-housing (required for UNIT_OFFICER)
  --name      display name; --sub  subject (default: derived from the roles and unit)
  --expires   lifetime, e.g. 30m, 8h (default); at most what the server accepts (12h unless CLEARWATER_TOKEN_MAX_LIFETIME)
`;

function fail(message: string): never {
  console.error(`token: ${message}`);
  process.exit(2);
}

const { values } = parseCommandLine('token', USAGE, process.argv.slice(2), (args) =>
  parseArgs({
    args,
    options: {
      role: { type: 'string', multiple: true },
      unit: { type: 'string' },
      name: { type: 'string' },
      sub: { type: 'string' },
      expires: { type: 'string' },
    },
    strict: true,
  }),
);

const roles = (values.role ?? []).map((r) => {
  const parsed = Role.safeParse(r.toUpperCase());
  if (!parsed.success) fail(`unknown role ${r}; roles: ${ROLES.join(', ')}`);
  return parsed.data;
});
if (roles.length === 0) fail(`give at least one --role (${ROLES.join(', ')})`);
if (roles.includes('UNIT_OFFICER') && !values.unit)
  fail('a UNIT_OFFICER needs --unit <unit id>, e.g. --unit yanhu-housing');
// The server refuses a token that lives longer than its maximum: do not print one.
const maxLifetime = lifetime(process.env[ENV.tokenMaxLifetime] || String(DEFAULT_TOKEN_MAX_LIFETIME_SECONDS));
const expires = values.expires ?? '8h';
if (lifetime(expires) > maxLifetime)
  fail(
    `--expires ${expires} is longer than the server accepts (${maxLifetime / 3600} h; ${ENV.tokenMaxLifetime})`,
  );
const known = new Set(yanhu.units.map((u) => u.id));
if (values.unit && !known.has(values.unit)) {
  console.error(
    `note: ${values.unit} is not a unit of the Yanhu 2020 plan (known: ${[...known].join(', ')})`,
  );
}

const token = await signDevToken(KEYS_DIR, {
  roles,
  unit: values.unit,
  name: values.name,
  sub: values.sub,
  expiresIn: `${lifetime(expires)}s`,
});
console.log(`# ${roles.join(', ')}${values.unit ? ` of ${values.unit}` : ''}; valid ${expires}`);
console.log(token);

function lifetime(text: string): number {
  try {
    return parseLifetime(text);
  } catch (error) {
    return fail((error as Error).message);
  }
}
