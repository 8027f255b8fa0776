/**
 * The CDK app (`npm run synth`, `npm run deploy`): one `Clearwater` stack, checked by cdk-nag's AWS
 * Solutions pack. Context `issuer` + `audience` (and optionally `jwksUrl`) replace the Cognito user pool
 * with an external OIDC issuer: `npm run deploy -- -c issuer=https://… -c audience=…`. Context
 * `throttleRate`, `throttleBurst`, `corsOrigins` (comma-separated) and `tokenMaxLifetime` set the API.
 * Context `settingsFile` names the operator's settings (JSON, as CLEARWATER_SETTINGS_FILE locally): checked
 * at synth and given to every function.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseCorsOrigins } from '../graphql/cors.ts';
import { validateSettings } from '../services/app/settings.ts';
import { parseLifetime } from '../services/shared/auth/verify.ts';
import { parseSettings } from '../services/shared/settings.ts';
import { ClearwaterStack } from './clearwater-stack.ts';
import { type ApiSettings, DEFAULT_API_SETTINGS } from './constructs/api.ts';
import type { TokenIssuer } from './constructs/auth.ts';

export const STACK_NAME = 'Clearwater';

export interface ClearwaterApp {
  app: App;
  stack: ClearwaterStack;
}

/** Builds the app; tests pass `context` (and `outdir`) instead of going through the CLI. */
export function buildApp(props: AppProps = {}): ClearwaterApp {
  const app = new App(props);
  const stack = new ClearwaterStack(app, STACK_NAME, {
    stackName: STACK_NAME,
    description:
      'Clearwater: water-pollution campaign plan tracking, outfalls, enforcement cases and deadlines',
    env: deploymentEnv(),
    externalIssuer: externalIssuer(app),
    api: apiSettings(app),
    settingsJson: operatorSettings(app),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

/** Account and region of the CLI's credentials when there are any; otherwise an environment-agnostic stack. */
function deploymentEnv(): { account?: string; region?: string } | undefined {
  const { CDK_DEFAULT_ACCOUNT: account, CDK_DEFAULT_REGION: region } = process.env;
  if (!account && !region) return undefined;
  return { account, region };
}

/** Lambda environment variables share 4 KB: the settings must leave room for the others. */
export const MAX_SETTINGS_BYTES = 3000;

/** The settings file named by context `settingsFile`, validated like the functions will, as compact JSON. */
function operatorSettings(app: App): string | undefined {
  const file: unknown = app.node.tryGetContext('settingsFile');
  if (file === undefined) return undefined;
  if (typeof file !== 'string' || file === '') throw new Error('Context "settingsFile" must be a path');
  const json = JSON.stringify(validateSettings(parseSettings(readFileSync(file, 'utf8'), file)));
  if (Buffer.byteLength(json) > MAX_SETTINGS_BYTES) {
    throw new Error(
      `Settings in ${file} take ${Buffer.byteLength(json)} bytes; functions accept at most ${MAX_SETTINGS_BYTES}`,
    );
  }
  return json;
}

function externalIssuer(app: App): TokenIssuer | undefined {
  const issuer: unknown = app.node.tryGetContext('issuer');
  const audience: unknown = app.node.tryGetContext('audience');
  if (issuer === undefined) return undefined;
  if (typeof issuer !== 'string' || !issuer.startsWith('https://')) {
    throw new Error(`Context "issuer" must be an https:// OIDC issuer URL, got ${JSON.stringify(issuer)}`);
  }
  // Without an audience, any token the issuer mints for any client would be accepted.
  if (typeof audience !== 'string' || audience === '') {
    throw new Error('Context "audience" is required with "issuer": the client id tokens are minted for');
  }
  const jwksUrl: unknown = app.node.tryGetContext('jwksUrl');
  if (jwksUrl !== undefined && typeof jwksUrl !== 'string') {
    throw new Error('Context "jwksUrl" must be the URL of the issuer\'s JSON Web Key Set');
  }
  return { issuer, audience, ...(jwksUrl ? { jwksUrl } : {}) };
}

function apiSettings(app: App): ApiSettings {
  const count = (name: string, fallback: number): number => {
    const value: unknown = app.node.tryGetContext(name);
    if (value === undefined) return fallback;
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0)
      throw new Error(`Context "${name}" must be a positive whole number, got ${JSON.stringify(value)}`);
    return n;
  };
  const origins: unknown = app.node.tryGetContext('corsOrigins');
  if (origins !== undefined && typeof origins !== 'string' && !Array.isArray(origins))
    throw new Error('Context "corsOrigins" must be a comma-separated list of origins');
  const corsOrigins =
    origins === undefined ? [] : parseCorsOrigins(Array.isArray(origins) ? origins.join(',') : origins);
  // API Gateway matches exact origins (or `*.` subdomains), not the local runtime's any-port `:*`.
  if (corsOrigins.some((o) => o.endsWith(':*')))
    throw new Error('Context "corsOrigins": API Gateway needs exact origins, without :*');
  const lifetime: unknown = app.node.tryGetContext('tokenMaxLifetime');
  if (lifetime !== undefined) parseLifetime(String(lifetime));
  return {
    throttleRate: count('throttleRate', DEFAULT_API_SETTINGS.throttleRate),
    throttleBurst: count('throttleBurst', DEFAULT_API_SETTINGS.throttleBurst),
    corsOrigins:
      origins === undefined ? [] : parseCorsOrigins(Array.isArray(origins) ? origins.join(',') : origins),
    ...(lifetime === undefined ? {} : { tokenMaxLifetime: String(lifetime) }),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildApp();
}
