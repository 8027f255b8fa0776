/**
 * The CDK app (`npm run synth`, `npm run deploy`): one `Clearwater` stack, checked by cdk-nag's AWS
 * Solutions pack. Context `issuer` + `audience` (and optionally `jwksUrl`) replace the Cognito user pool
 * with an external OIDC issuer: `npm run deploy -- -c issuer=https://… -c audience=…`.
 */
import { pathToFileURL } from 'node:url';
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ClearwaterStack } from './clearwater-stack.ts';
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

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildApp();
}
