/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles (an esbuild alias in
 * bundling.ts). A function's credentials are always in its environment — the execution role's session,
 * set by Lambda — so the SDK's whole default chain (profiles, SSO, login, process, IMDS, web identity and
 * the nested STS/SSO clients it pulls in, ~90 KB) is dead weight at every cold start.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);
