/**
 * A Clearwater service function: a Lambda function with the project's defaults, its code bundled by
 * infra/bundling.ts, and helpers that bind an environment variable together with the IAM grant it implies.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, type CfnElement, DockerImage, Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../services/shared/config.ts';
import { bundleLambda, LAMBDA_ENTRIES, type LambdaEntryName, SOURCE_MAP_DIR } from '../bundling.ts';
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
  readonly lambda: lambda.Function;
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
    this.lambda = new lambda.Function(this, 'Function', {
      code: bundledCode(entryName(props.entry)),
      handler: 'index.handler',
      description: props.description,
      runtime: NODE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel[props.logLevel ?? 'INFO'],
      // No NODE_OPTIONS=--enable-source-maps: see infra/bundling.ts.
      environment: {
        ...POWERTOOLS_ENV,
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        ...props.environment,
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

function entryName(entry: string): LambdaEntryName {
  const name = (Object.keys(LAMBDA_ENTRIES) as LambdaEntryName[]).find((n) => LAMBDA_ENTRIES[n] === entry);
  if (!name) throw new Error(`${entry} is not one of the Lambda entries of infra/bundling.ts`);
  return name;
}

/**
 * The function's code, bundled at synth time by the local esbuild with the options of infra/bundling.ts
 * (no Docker). Not `NodejsFunction`: it gives esbuild `--outfile`, and a split bundle needs an output
 * folder. The source maps go to the cloud assembly (`cdk.out/sourcemaps/<entry>/`), out of the asset,
 * which is hashed by its content (the bundle, not the source tree).
 */
function bundledCode(name: LambdaEntryName): lambda.Code {
  return lambda.Code.fromAsset(REPO_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Required by the API, never pulled: local bundling always succeeds or throws.
      image: DockerImage.fromRegistry('local-bundling-only'),
      // Part of the asset cache key (functions are not): one bundle per entry, shared by its functions.
      command: ['bundle', name],
      local: {
        tryBundle(outputDir) {
          bundleLambda(name, outputDir, join(outputDir, '..', SOURCE_MAP_DIR, name));
          return true;
        },
      },
    },
  });
}
