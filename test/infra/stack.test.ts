/**
 * The deployed shape of Clearwater, read from the synthesized CloudFormation template. The table, the
 * rules and the catalog are compared with the definitions in `services/`, never with restated copies.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App, CfnElement } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { ENTRY_FILE, MAX_BUNDLE_BYTES, SOURCE_MAP_DIR } from '../../infra/bundling.ts';
import type { ClearwaterStack } from '../../infra/clearwater-stack.ts';
import { DEFAULT_API_SETTINGS } from '../../infra/constructs/api.ts';
import { NODE_RUNTIME, POWERTOOLS_ENV } from '../../infra/constructs/service-function.ts';
import { catalogJsonSchemas } from '../../services/events/json-schema.ts';
import { rules, TARGETS } from '../../services/events/rules.ts';
import { EXPORT_PATHS } from '../../services/outfalls/disclosure.ts';
import { ROLES } from '../../services/shared/auth/principal.ts';
import { ENV } from '../../services/shared/config.ts';
import { TABLE } from '../../services/shared/store/table.ts';
import { buildBundles, filesUnder } from '../support/bundles.ts';

const outdirs: string[] = [];
function synth(context: Record<string, unknown> = {}): {
  app: App;
  stack: ClearwaterStack;
  template: Template;
} {
  const outdir = mkdtempSync(join(tmpdir(), 'clearwater-cdk-'));
  outdirs.push(outdir);
  const { app, stack } = buildApp({ outdir, context });
  return { app, stack, template: Template.fromStack(stack) };
}
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

/** The one resource in a `findResources` result, as [logical id, resource]. */
function only<T>(resources: Record<string, T>): [string, T] {
  const entries = Object.entries(resources);
  expect(entries).toHaveLength(1);
  return entries[0]!;
}
const getAtt = (logicalId: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [logicalId, attribute] });

/** Logical id of the function whose environment has `name` = `value`. */
function functionWithEnv(template: Template, name: string, value: unknown): string {
  const matching = template.findResources('AWS::Lambda::Function', {
    Properties: { Environment: { Variables: { [name]: value } } },
  });
  return only(matching)[0];
}

describe('ClearwaterStack', { timeout: 120_000 }, () => {
  let app: App;
  let stack: ClearwaterStack;
  let template: Template;
  let tableId: string;

  beforeAll(() => {
    ({ app, stack, template } = synth());
    [tableId] = only(template.findResources('AWS::DynamoDB::GlobalTable'));
  }, 180_000);

  describe('table', () => {
    it('is keyed by the partition and sort keys of the table definition, all strings', () => {
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        KeySchema: [
          { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
        ],
        AttributeDefinitions: Match.arrayWith([
          { AttributeName: TABLE.partitionKey, AttributeType: 'S' },
          { AttributeName: TABLE.sortKey, AttributeType: 'S' },
        ]),
      });
    });

    it('has every index of the table definition, projecting all attributes', () => {
      const indexes = Object.entries(TABLE.indexes).map(([IndexName, keys]) => ({
        IndexName,
        KeySchema: [
          { AttributeName: keys.partitionKey, KeyType: 'HASH' },
          { AttributeName: keys.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      }));
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        GlobalSecondaryIndexes: Match.arrayEquals(indexes.map((index) => Match.objectLike(index))),
      });
    });

    it('bills on demand and streams new images for the outbox publisher', () => {
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamViewType: TABLE.stream },
      });
    });

    it('expires rows by the TTL attribute of the definition', () => {
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
      });
    });

    it('keeps its data: point-in-time recovery, deletion protection, retained on stack deletion', () => {
      template.hasResource('AWS::DynamoDB::GlobalTable', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({
          Replicas: [
            Match.objectLike({
              PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
              DeletionProtectionEnabled: true,
            }),
          ],
        }),
      });
    });
  });

  describe('bus', () => {
    it('is the event bus named clearwater, archived in full for a year', () => {
      const [busId] = only(
        template.findResources('AWS::Events::EventBus', { Properties: { Name: 'clearwater' } }),
      );
      template.hasResourceProperties('AWS::Events::Archive', {
        SourceArn: getAtt(busId),
        EventPattern: { account: [{ Ref: 'AWS::AccountId' }] },
        RetentionDays: 365,
      });
    });

    it('has exactly the rules of the rules module', () => {
      const [busId] = only(template.findResources('AWS::Events::EventBus'));
      const onBus = template.findResources('AWS::Events::Rule', {
        Properties: { EventBusName: { Ref: busId } },
      });
      expect(Object.values(onBus).map((rule) => rule.Properties.Name)).toEqual(
        rules.map((rule) => rule.name),
      );
    });

    it.each(rules)('has the rule $name with exactly the pattern of the rules module', (rule) => {
      const [, resource] = only(
        template.findResources('AWS::Events::Rule', { Properties: { Name: rule.name } }),
      );
      expect(resource.Properties.EventPattern).toEqual(rule.pattern);
      expect(resource.Properties.Description).toBe(rule.description);
    });

    it.each(rules)(
      'sends $name to its target function with its retry policy and a dead-letter queue',
      (rule) => {
        const [, resource] = only(
          template.findResources('AWS::Events::Rule', { Properties: { Name: rule.name } }),
        );
        const targetFunction = functionWithEnv(template, 'CLEARWATER_TARGET', rule.target);
        expect(resource.Properties.Targets).toEqual([
          expect.objectContaining({
            Arn: getAtt(targetFunction),
            RetryPolicy: {
              MaximumRetryAttempts: rule.retry.maximumRetryAttempts,
              MaximumEventAgeInSeconds: rule.retry.maximumEventAgeSeconds,
            },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } },
          }),
        ]);
        const dlqId: string = resource.Properties.Targets[0].DeadLetterConfig.Arn['Fn::GetAtt'][0];
        expect(template.toJSON().Resources[dlqId]).toMatchObject({
          Type: 'AWS::SQS::Queue',
          Properties: { SqsManagedSseEnabled: true },
        });
      },
    );

    it('keeps every event a target handler failed on: an on-failure destination on each target function', () => {
      // EventBridge invokes Lambda asynchronously; a handler that throws is retried by Lambda, then kept here.
      const usedTargets = new Set(rules.map((rule) => rule.target));
      for (const target of usedTargets) {
        const id = functionWithEnv(template, 'CLEARWATER_TARGET', target);
        const configs = Object.values(
          template.findResources('AWS::Lambda::EventInvokeConfig', {
            Properties: { FunctionName: { Ref: id } },
          }),
        );
        expect(configs, target).toHaveLength(1);
        const config = configs[0]?.Properties;
        expect(config.MaximumRetryAttempts).toBe(2);
        const queueId: string = config.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0];
        expect(template.toJSON().Resources[queueId]).toMatchObject({
          Type: 'AWS::SQS::Queue',
          Properties: { SqsManagedSseEnabled: true },
        });
        // …and an alarm watches it like every dead-letter queue.
        expect(
          Object.values(template.findResources('AWS::CloudWatch::Alarm')).some((alarm) =>
            JSON.stringify(alarm.Properties.Dimensions ?? []).includes(queueId),
          ),
          target,
        ).toBe(true);
      }
    });

    it('runs one function per target name, all from the bus-target entry point', () => {
      const usedTargets = new Set(rules.map((rule) => rule.target));
      for (const target of TARGETS.filter((name) => usedTargets.has(name))) {
        const id = functionWithEnv(template, 'CLEARWATER_TARGET', target);
        expect(template.toJSON().Resources[id].Properties.Handler).toBe('index.handler');
      }
      expect(
        Object.keys(
          template.findResources('AWS::Lambda::Function', {
            Properties: { Environment: { Variables: { CLEARWATER_TARGET: Match.anyValue() } } },
          }),
        ),
      ).toHaveLength(usedTargets.size);
    });

    it('publishes one JSON Schema per catalog entry in the clearwater schema registry', () => {
      template.hasResourceProperties('AWS::EventSchemas::Registry', { RegistryName: 'clearwater' });
      const entries = catalogJsonSchemas();
      template.resourceCountIs('AWS::EventSchemas::Schema', entries.length);
      for (const { definition, schema } of entries) {
        template.hasResourceProperties('AWS::EventSchemas::Schema', {
          SchemaName: `${definition.source}@${definition.detailType}`,
          Type: 'JSONSchemaDraft4',
          Content: JSON.stringify(schema),
        });
      }
    });
  });

  describe('outbox publisher', () => {
    it('is started only by inserted outbox rows, in batches it can split and partially fail', () => {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: getAtt(tableId, 'StreamArn'),
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 100,
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 5,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        FilterCriteria: {
          Filters: [
            {
              Pattern: JSON.stringify({
                eventName: ['INSERT'],
                dynamodb: { NewImage: { itemType: { S: ['OUTBOX'] } } },
              }),
            },
          ],
        },
        DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      });
    });

    it('knows the bus and may put events on it', () => {
      const [busId] = only(template.findResources('AWS::Events::EventBus'));
      expect(publisher().Properties.Environment.Variables).toMatchObject({
        [ENV.busName]: { Ref: busId },
        [ENV.tableName]: { Ref: tableId },
      });
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            { Action: 'events:PutEvents', Effect: 'Allow', Resource: getAtt(busId) },
          ]),
        },
      });
    });

    it('parks poison outbox rows in its dead-letter queue', () => {
      const [, mapping] = only(template.findResources('AWS::Lambda::EventSourceMapping'));
      const dlqId: string = mapping.Properties.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0];
      expect(publisher().Properties.Environment.Variables[ENV.publisherDlqUrl]).toEqual({ Ref: dlqId });
    });

    function publisher() {
      const [, mapping] = only(template.findResources('AWS::Lambda::EventSourceMapping'));
      return template.toJSON().Resources[mapping.Properties.FunctionName.Ref];
    }
  });

  describe('deadline sweeper', () => {
    it('runs every minute on a schedule, outside the bus rules', () => {
      const sweeperId = stack.getLogicalId(stack.workers.sweeper.lambda.node.defaultChild as CfnElement);
      const [, schedule] = only(
        template.findResources('AWS::Events::Rule', { Properties: { ScheduleExpression: Match.anyValue() } }),
      );
      expect(schedule.Properties).toMatchObject({
        ScheduleExpression: 'rate(1 minute)',
        Targets: [expect.objectContaining({ Arn: getAtt(sweeperId) })],
      });
      expect(schedule.Properties.EventBusName).toBeUndefined();
    });
  });

  describe('GraphQL API', () => {
    it('routes ANY /graphql to the GraphQL function', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'ANY /graphql' });
    });

    it('allows no cross-origin browser calls unless origins are configured', () => {
      const [, api] = only(template.findResources('AWS::ApiGatewayV2::Api'));
      expect(api.Properties.CorsConfiguration).toBeUndefined();
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ [ENV.corsOrigins]: '' }) },
      });
    });

    it('serves the public outfall register as GeoJSON and CSV on GET routes to the same function, without an authorizer', () => {
      const routes = template.findResources('AWS::ApiGatewayV2::Route');
      const byKey = Object.fromEntries(
        Object.values(routes).map((r) => [r.Properties.RouteKey, r.Properties]),
      );
      for (const path of Object.values(EXPORT_PATHS)) {
        expect(byKey[`GET ${path}`], path).toBeDefined();
        expect(byKey[`GET ${path}`].Target).toEqual(byKey['ANY /graphql'].Target);
        expect(byKey[`GET ${path}`].AuthorizationType ?? 'NONE').toBe('NONE');
      }
    });

    it('logs every request and throttles the default stage at the default settings', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.anyValue() },
        DefaultRouteSettings: {
          ThrottlingRateLimit: DEFAULT_API_SETTINGS.throttleRate,
          ThrottlingBurstLimit: DEFAULT_API_SETTINGS.throttleBurst,
        },
      });
    });

    it('outputs the GraphQL URL', () => {
      template.hasOutput('GraphqlUrl', {
        Value: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith(['/graphql'])] }),
      });
    });
  });

  describe('functions', () => {
    it('all run on arm64 with the newest Node.js runtime, traced', () => {
      const functions = Object.values(template.findResources('AWS::Lambda::Function'));
      expect(functions.length).toBeGreaterThan(0);
      for (const fn of functions) {
        expect(fn.Properties).toMatchObject({
          Runtime: NODE_RUNTIME.name,
          Architectures: ['arm64'],
          TracingConfig: { Mode: 'Active' },
          Environment: { Variables: { [ENV.tableName]: { Ref: tableId } } },
        });
      }
    });

    it('all log through Powertools in the Clearwater metrics namespace, without run-time source maps', () => {
      for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
        const variables = fn.Properties.Environment.Variables;
        expect(variables).toMatchObject({ ...POWERTOOLS_ENV, POWERTOOLS_LOG_LEVEL: 'INFO' });
        expect(variables.NODE_OPTIONS ?? '').not.toContain('--enable-source-maps');
        expect(fn.Properties.LoggingConfig).toMatchObject({ LogFormat: 'JSON', ApplicationLogLevel: 'INFO' });
      }
    });

    it('deploy the bundles npm run bench measures, what a cold start loads under 1 MB, without their source maps', async () => {
      const functions = Object.values(template.findResources('AWS::Lambda::Function'));
      const assets = functions.map((fn) =>
        join(app.outdir, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`),
      );
      for (const fn of functions) expect(fn.Properties.Handler).toBe('index.handler');
      // Every file of a function's code folder, with its content.
      const contents = (dir: string) =>
        JSON.stringify(
          filesUnder(dir).map((file) => [file, readFileSync(join(dir, file)).toString('base64')]),
        );
      const deployed = new Set<string>();
      for (const dir of assets) {
        // Only the code, the entry and its chunks: the maps stay behind in the cloud assembly.
        const files = filesUnder(dir);
        expect(files).toContain(ENTRY_FILE);
        expect(files.filter((file) => !file.endsWith('.mjs'))).toEqual([]);
        deployed.add(contents(dir));
      }
      const bundleDir = mkdtempSync(join(tmpdir(), 'clearwater-bundles-'));
      outdirs.push(bundleDir);
      const built = await buildBundles(bundleDir);
      expect(new Set(built.map((b) => contents(b.dir)))).toEqual(deployed);
      for (const bundle of built) {
        expect(bundle.coldStartBytes, bundle.name).toBeLessThan(MAX_BUNDLE_BYTES);
        expect(filesUnder(join(app.outdir, SOURCE_MAP_DIR, bundle.name)), bundle.name).toEqual(
          bundle.files.map((file) => `${file}.map`),
        );
      }
    });
  });

  describe('sign-in', () => {
    it('is a Cognito user pool without self sign-up, signing in by email', () => {
      template.hasResourceProperties('AWS::Cognito::UserPool', {
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        UsernameAttributes: ['email'],
        MfaConfiguration: 'OPTIONAL',
        Schema: Match.arrayWith([Match.objectLike({ Name: 'unit', AttributeDataType: 'String' })]),
      });
      template.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain' });
    });

    it('has one group per role', () => {
      template.resourceCountIs('AWS::Cognito::UserPoolGroup', ROLES.length);
      for (const role of ROLES) {
        template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: role });
      }
    });

    it('gives the API the pool as issuer and its client as audience', () => {
      const [poolId] = only(template.findResources('AWS::Cognito::UserPool'));
      const [clientId, client] = only(template.findResources('AWS::Cognito::UserPoolClient'));
      expect(client.Properties.GenerateSecret).toBe(false);
      expect(client.Properties.ExplicitAuthFlows).toEqual(
        expect.arrayContaining(['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH']),
      );
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectLike({
            [ENV.jwtIssuer]: { 'Fn::Join': ['', Match.arrayWith([{ Ref: poolId }])] },
            [ENV.jwtAudience]: { Ref: clientId },
          }),
        },
      });
    });
  });

  describe('alarms', () => {
    it('alarm on the first message in any dead-letter queue, and on worker errors', () => {
      const queues = Object.keys(template.findResources('AWS::SQS::Queue'));
      // One per rule, one per target function (its handler failures), the publisher's.
      expect(queues).toHaveLength(rules.length + new Set(rules.map((rule) => rule.target)).size + 1);
      for (const queueId of queues) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: getAtt(queueId, 'QueueName') }],
          Threshold: 0,
          ComparisonOperator: 'GreaterThanThreshold',
        });
      }
      expect(
        Object.keys(
          template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'Errors' } }),
        ),
      ).toHaveLength(2);
    });

    it('notify an encrypted topic', () => {
      const [topicId] = only(
        template.findResources('AWS::SNS::Topic', { Properties: { KmsMasterKeyId: Match.anyValue() } }),
      );
      for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
        expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      }
      template.hasOutput('AlarmTopicArn', {});
    });
  });

  describe('cdk-nag AWS Solutions checks', () => {
    it('leave no finding unacknowledged', () => {
      // cdk-nag 3 reports through CDK's policy-validation plugins rather than annotations: run the pack.
      const report = new AwsSolutionsChecks().validateScope(app);
      expect(
        report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath)}`),
      ).toEqual([]);
    });

    it('leave no AwsSolutions errors or warnings among the annotations', () => {
      const annotations = Annotations.fromStack(stack);
      expect(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
      expect(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
    });
  });
});

describe('ClearwaterStack with an OIDC issuer in context', { timeout: 120_000 }, () => {
  const issuer = 'https://login.example.gov.cn/realms/clearwater';
  const audience = 'clearwater-dashboard';
  let template: Template;

  beforeAll(() => {
    // The functions' code is covered above: skip bundling here.
    ({ template } = synth({ issuer, audience, 'aws:cdk:bundling-stacks': [] }));
  }, 180_000);

  it('creates no user pool', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 0);
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 0);
  });

  it('makes the API verify tokens from the issuer for the audience', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ [ENV.jwtIssuer]: issuer, [ENV.jwtAudience]: audience }) },
    });
  });
});

describe('ClearwaterStack with API settings in context', { timeout: 120_000 }, () => {
  const origins = ['https://dashboard.yanhu.gov.cn', 'https://field.yanhu.gov.cn'];
  let template: Template;

  beforeAll(() => {
    ({ template } = synth({
      throttleRate: '20',
      throttleBurst: 40,
      corsOrigins: origins.join(','),
      tokenMaxLifetime: '1h',
      'aws:cdk:bundling-stacks': [],
    }));
  }, 180_000);

  it('throttles the default stage at the configured rate and burst', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
  });

  it('allows exactly the configured origins, without credentials, in API Gateway and the function', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: {
        AllowOrigins: origins,
        AllowMethods: ['POST', 'GET', 'OPTIONS'],
        AllowHeaders: ['Authorization', 'Content-Type', 'X-Correlation-Id'],
        AllowCredentials: false,
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ [ENV.corsOrigins]: origins.join(','), [ENV.tokenMaxLifetime]: '1h' }),
      },
    });
  });

  it.each([
    { context: { throttleRate: 'fast' }, error: /throttleRate/ },
    { context: { throttleBurst: 0 }, error: /throttleBurst/ },
    { context: { corsOrigins: '*' }, error: /not scheme:\/\/host/ },
    { context: { corsOrigins: 'http://localhost:*' }, error: /exact origins/ },
    { context: { tokenMaxLifetime: 'forever' }, error: /token lifetime/ },
  ])('refuses $context', ({ context, error }) => {
    expect(() => synth({ ...context, 'aws:cdk:bundling-stacks': [] })).toThrow(error);
  });
});

describe('Operator settings in AWS (context settingsFile)', () => {
  const file = (document: unknown) => {
    const dir = mkdtempSync(join(tmpdir(), 'clearwater-settings-'));
    outdirs.push(dir);
    const path = join(dir, 'settings.json');
    writeFileSync(path, typeof document === 'string' ? document : JSON.stringify(document));
    return path;
  };

  it('gives every function the validated settings', () => {
    const settings = { calendar: { years: { '2027': { holidays: ['2027-01-01'], workdays: [] } } } };
    const { template } = synth({ settingsFile: file(settings), 'aws:cdk:bundling-stacks': [] });
    const functions = Object.values(template.findResources('AWS::Lambda::Function')).filter(
      (fn) => fn.Properties.Environment?.Variables?.CLEARWATER_TABLE,
    );
    expect(functions.length).toBeGreaterThan(3);
    for (const fn of functions) {
      expect(JSON.parse(fn.Properties.Environment.Variables.CLEARWATER_SETTINGS)).toEqual(settings);
    }
  });

  it.each([
    { name: 'not JSON', document: '{ calendar', error: /not JSON/ },
    { name: 'an unknown section', document: { calender: {} }, error: /Unknown settings section calender/ },
    {
      name: 'a bad field',
      document: { outfalls: { remindBeforeDays: -1 } },
      error: /outfalls\.remindBeforeDays/,
    },
    {
      name: 'too large for Lambda',
      document: {
        outfalls: { supervisionPhone: '1'.repeat(20) },
        cases: {},
        calendar: {
          years: Object.fromEntries(
            Array.from({ length: 12 }, (_, i) => [
              String(2030 + i),
              {
                holidays: Array.from(
                  { length: 20 },
                  (_, d) => `${2030 + i}-01-${String(d + 1).padStart(2, '0')}`,
                ),
                workdays: [],
              },
            ]),
          ),
        },
      },
      error: /at most 3000/,
    },
  ])('refuses settings that are $name', ({ document, error }) => {
    expect(() => synth({ settingsFile: file(document), 'aws:cdk:bundling-stacks': [] })).toThrow(error);
  });
});
