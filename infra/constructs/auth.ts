/**
 * Who may call the API: the issuer and audience the GraphQL function verifies bearer tokens against. Either
 * an OIDC issuer the operator names in context, or a Cognito user pool this construct makes.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLES } from '../../services/shared/auth/principal.ts';
import { acknowledge } from '../nag.ts';

export interface TokenIssuer {
  issuer: string;
  audience: string;
  /** Where the issuer publishes its keys. @default `<issuer>/.well-known/jwks.json` (Cognito's location) */
  jwksUrl?: string;
}

export class UserPoolAuth extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly tokens: TokenIssuer;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      // Accounts are created by the district office; nobody signs themselves up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      customAttributes: { unit: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }) },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of ROLES) {
      new cognito.UserPoolGroup(this, role, { userPool: this.userPool, groupName: role });
    }
    this.client = this.userPool.addClient('Client', {
      generateSecret: false,
      authFlows: { userSrp: true, userPassword: true },
      // The apps sign in with SRP or password directly; no hosted UI, so no OAuth flows or callback URLs.
      disableOAuth: true,
      preventUserExistenceErrors: true,
    });
    this.tokens = {
      issuer: `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`,
      audience: this.client.userPoolClientId,
    };
    new CfnOutput(Stack.of(this), 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(Stack.of(this), 'UserPoolClientId', { value: this.client.userPoolClientId });
    acknowledge(
      this.userPool,
      {
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is optional with TOTP offered, so field officers can sign in before enrolling; set mfa REQUIRED once the district mandates it.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'Essentials tier: threat protection (Plus) is not needed for a closed pool of provisioned staff.',
      },
    );
  }
}
