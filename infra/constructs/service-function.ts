/**
 * A Clearwater service function: a `NodejsFunction` with the project's defaults, and helpers that bind an
 * environment variable together with the IAM grant it implies.
 */
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CfnElement, Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../services/shared/config.ts';
import { BUNDLE, SOURCE_MAP_DIR } from '../bundling.ts';
import { acknowledge, arnReference } from '../nag.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The newest Node.js runtime aws-cdk-lib knows (cdk-nag's AwsSolutions-L1 checks exactly that). */
export const NODE_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** Service name (Powertools logs and the `service` metric dimension) and metrics namespace. */
export const POWERTOOLS_ENV = {
  POWERTOOLS_SERVICE_NAME: 'clearwater',
  POWERTOOLS_METRICS_NAMESPACE: 'Clearwater',
} as const;

export interface ServiceFunctionProps {
  /** Handler module, relative to the repository root: one of `LAMBDA_ENTRIES` (infra/bundling.ts). */
  entry: string;
  description: string;
  /** @default 512 */
  memorySize?: number;
  /** @default 30 seconds */
  timeout?: Duration;
  environment?: Record<string, string>;
  /**
   * Powertools' log level, and Lambda's log-level filter with it (Powertools follows the filter when one is
   * set). Not above INFO: the filter counts EMF metric lines, which carry no level, as INFO and would drop them.
   * @default INFO
   */
  logLevel?: 'DEBUG' | 'INFO';
}

export class ServiceFunction extends Construct {
  readonly lambda: nodejs.NodejsFunction;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.SIX_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Our own role instead of AWSLambdaBasicExecutionRole: it may write to this function's log group only.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.description}`,
    });
    this.logGroup.grantWrite(this.role);
    this.lambda = new nodejs.NodejsFunction(this, 'Function', {
      entry: `${REPO_ROOT}${props.entry}`,
      handler: 'handler',
      description: props.description,
      runtime: NODE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel[props.logLevel ?? 'INFO'],
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}package-lock.json`,
      // No NODE_OPTIONS=--enable-source-maps: see infra/bundling.ts.
      environment: {
        ...POWERTOOLS_ENV,
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        format: BUNDLE.format === 'esm' ? nodejs.OutputFormat.ESM : nodejs.OutputFormat.CJS,
        target: BUNDLE.target,
        mainFields: [...BUNDLE.mainFields],
        banner: BUNDLE.banner,
        minify: BUNDLE.minify,
        sourceMap: true,
        sourceMapMode: nodejs.SourceMapMode.EXTERNAL,
        externalModules: [...BUNDLE.external],
        esbuildArgs: {
          // The construct's own `charset` prop is not passed on to esbuild by this aws-cdk-lib: given here.
          '--charset': BUNDLE.charset,
          ...Object.fromEntries(Object.entries(BUNDLE.alias).map(([from, to]) => [`--alias:${from}`, to])),
        },
        commandHooks: keepSourceMapOutOfAsset(basename(props.entry, '.ts')),
      },
    });
    this.traceWithXRay();
  }

  /**
   * Active tracing, with its permissions in a policy of their own rather than the role's default policy, so
   * that the acknowledged `Resource::*` (X-Ray has no resource-level permissions) covers nothing else.
   */
  private traceWithXRay(): void {
    (this.lambda.node.defaultChild as lambda.CfnFunction).tracingConfig = { mode: lambda.Tracing.ACTIVE };
    const policy = new iam.Policy(this, 'Tracing', {
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({
          actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
          resources: ['*'],
        }),
      ],
    });
    this.lambda.node.addDependency(policy);
    acknowledge(policy, {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions.',
    });
  }

  /** Read/write access to the table, and its name in `CLEARWATER_TABLE`. */
  useTable(table: dynamodb.ITableV2): this {
    table.grantReadWriteData(this.lambda);
    this.lambda.addEnvironment(ENV.tableName, table.tableName);
    acknowledge(this.role, {
      id: `AwsSolutions-IAM5[Resource::${arnReference(table.node.defaultChild as CfnElement)}/index/*]`,
      reason: 'grantReadWriteData covers the table’s GSIs (lists, event log, timers), named only by index/*.',
    });
    return this;
  }

  /** `events:PutEvents` on the bus, and its name in `CLEARWATER_BUS`. */
  publishTo(bus: events.IEventBus): this {
    bus.grantPutEventsTo(this.lambda);
    this.lambda.addEnvironment(ENV.busName, bus.eventBusName);
    return this;
  }

  /** `sqs:SendMessage` on the queue, and its URL in the variable `name`. */
  sendsTo(name: string, queue: sqs.IQueue): this {
    queue.grantSendMessages(this.lambda);
    this.lambda.addEnvironment(name, queue.queueUrl);
    return this;
  }

  setEnvironment(name: string, value: string): this {
    this.lambda.addEnvironment(name, value);
    return this;
  }
}

/**
 * Moves esbuild's external source map out of the asset before it is zipped: the map stays in the cloud
 * assembly as a build artefact (`cdk.out/sourcemaps/<entry>/index.mjs.map`) and is never deployed.
 */
function keepSourceMapOutOfAsset(entry: string): nodejs.ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir, outputDir) => {
      const target = `${outputDir}/../${SOURCE_MAP_DIR}/${entry}`;
      return [`mkdir -p "${target}"`, `mv "${outputDir}/index.mjs.map" "${target}/index.mjs.map"`];
    },
  };
}
