/** The GraphQL API: the yoga Lambda behind an API Gateway HTTP API at `/graphql`. */
import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { EXPORT_PATHS } from '../../services/outfalls/disclosure.ts';
import { ENV } from '../../services/shared/config.ts';
import { acknowledge } from '../nag.ts';
import type { TokenIssuer } from './auth.ts';
import { ServiceFunction } from './service-function.ts';

export const GRAPHQL_PATH = '/graphql';

// HTTP APIs have their own $context variables (no resourcePath, no identity.user): log those that exist.
const HTTP_ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    httpMethod: '$context.httpMethod',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
  }),
);

/** Operator settings of the API (CDK context, see `infra/app.ts`). */
export interface ApiSettings {
  /** Steady requests per second the `$default` stage lets through, for all callers together. */
  throttleRate: number;
  /** Requests it lets through in a burst above the steady rate. */
  throttleBurst: number;
  /** Browser origins allowed by CORS (`scheme://host[:port]`); none: no cross-origin browser calls. */
  corsOrigins: readonly string[];
  /** Longest accepted token lifetime, e.g. `12h`; the function's default when absent. */
  tokenMaxLifetime?: string;
}

export const DEFAULT_API_SETTINGS: ApiSettings = { throttleRate: 100, throttleBurst: 200, corsOrigins: [] };

export interface ApiProps {
  table: dynamodb.ITableV2;
  tokens: TokenIssuer;
  settings?: ApiSettings;
}

export class Api extends Construct {
  readonly handler: ServiceFunction;
  readonly httpApi: apigw.HttpApi;
  readonly url: string;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const settings = props.settings ?? DEFAULT_API_SETTINGS;
    this.handler = new ServiceFunction(this, 'graphql', {
      entry: 'services/lambda/graphql.ts',
      description: 'Clearwater GraphQL API',
      memorySize: 1024,
      // API Gateway gives up on an integration after 30 s.
      timeout: Duration.seconds(29),
    })
      .useTable(props.table)
      .setEnvironment(ENV.jwtIssuer, props.tokens.issuer)
      .setEnvironment(ENV.jwtAudience, props.tokens.audience)
      .setEnvironment(ENV.corsOrigins, settings.corsOrigins.join(','));
    if (props.tokens.jwksUrl) this.handler.setEnvironment(ENV.jwksUrl, props.tokens.jwksUrl);
    if (settings.tokenMaxLifetime)
      this.handler.setEnvironment(ENV.tokenMaxLifetime, settings.tokenMaxLifetime);

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      apiName: 'clearwater',
      description: 'Clearwater GraphQL API',
      createDefaultStage: false,
      // API Gateway answers CORS itself (and ignores the function's CORS headers) when this is set.
      // Bearer tokens, no cookies: credentials are never allowed.
      corsPreflight:
        settings.corsOrigins.length === 0
          ? undefined
          : {
              allowOrigins: [...settings.corsOrigins],
              allowMethods: [
                apigw.CorsHttpMethod.POST,
                apigw.CorsHttpMethod.GET,
                apigw.CorsHttpMethod.OPTIONS,
              ],
              allowHeaders: ['Authorization', 'Content-Type', 'X-Correlation-Id'],
              allowCredentials: false,
              maxAge: Duration.hours(1),
            },
    });
    const integration = new HttpLambdaIntegration('Graphql', this.handler.lambda);
    const routes = this.httpApi.addRoutes({
      path: GRAPHQL_PATH,
      methods: [apigw.HttpMethod.ANY],
      integration,
    });
    // The public outfall register as files (A10), served by the same function and server as GraphQL.
    for (const path of Object.values(EXPORT_PATHS)) {
      routes.push(...this.httpApi.addRoutes({ path, methods: [apigw.HttpMethod.GET], integration }));
    }
    new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      // One hostile client cannot take every Lambda invocation: the stage sheds load past these.
      throttle: { rateLimit: settings.throttleRate, burstLimit: settings.throttleBurst },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(
          new logs.LogGroup(this, 'AccessLogs', {
            retention: logs.RetentionDays.ONE_YEAR,
            removalPolicy: RemovalPolicy.DESTROY,
          }),
        ),
        format: HTTP_ACCESS_LOG_FORMAT,
      },
    });
    // The $default stage serves at the API's root, so no stage segment in the path.
    this.url = `${this.httpApi.apiEndpoint}${GRAPHQL_PATH}`;
    new CfnOutput(Stack.of(this), 'GraphqlUrl', { value: this.url });

    for (const route of routes) {
      acknowledge(route, {
        id: 'AwsSolutions-APIG4',
        reason:
          'Anonymous callers may read disclosed outfall data; the GraphQL layer verifies the bearer JWT and authorizes every field.',
      });
    }
  }
}
