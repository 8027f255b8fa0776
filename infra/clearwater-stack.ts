/** The Clearwater stack: one construct per concern, wired as in DESIGN.md's "Shape". */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { SETTINGS_ENV } from '../services/shared/settings.ts';
import { Alarms } from './constructs/alarms.ts';
import { Api, type ApiSettings } from './constructs/api.ts';
import { type TokenIssuer, UserPoolAuth } from './constructs/auth.ts';
import { Bus } from './constructs/bus.ts';
import { Data } from './constructs/data.ts';
import { ServiceFunction } from './constructs/service-function.ts';
import { Workers } from './constructs/workers.ts';

export interface ClearwaterStackProps extends StackProps {
  /** Verify tokens from this OIDC issuer instead of a Cognito user pool made by the stack. */
  externalIssuer?: TokenIssuer;
  /** Throttling, CORS origins and token lifetime of the GraphQL API. */
  api?: ApiSettings;
  /** The operator's settings document (JSON, already validated), given to every function. */
  settingsJson?: string;
}

export class ClearwaterStack extends Stack {
  readonly data: Data;
  readonly bus: Bus;
  readonly auth: UserPoolAuth | undefined;
  readonly api: Api;
  readonly workers: Workers;
  readonly alarms: Alarms;

  constructor(scope: Construct, id: string, props: ClearwaterStackProps = {}) {
    super(scope, id, props);
    this.data = new Data(this, 'Data');
    const { table } = this.data;
    this.bus = new Bus(this, 'Events', { table });
    this.auth = props.externalIssuer ? undefined : new UserPoolAuth(this, 'Auth');
    const tokens = props.externalIssuer ?? this.auth!.tokens;
    this.api = new Api(this, 'Api', { table, tokens, settings: props.api });
    this.workers = new Workers(this, 'Workers', { table, bus: this.bus.bus });
    this.alarms = new Alarms(this, 'Alarms', {
      deadLetterQueues: [...this.bus.deadLetterQueues, this.workers.publisherDeadLetterQueue],
      workers: [
        { name: 'outbox publisher', fn: this.workers.publisher },
        { name: 'deadline sweeper', fn: this.workers.sweeper },
      ],
    });
    if (props.settingsJson) {
      for (const fn of this.node
        .findAll()
        .filter((c): c is ServiceFunction => c instanceof ServiceFunction)) {
        fn.lambda.addEnvironment(SETTINGS_ENV.json, props.settingsJson);
      }
    }
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'BusName', { value: this.bus.bus.eventBusName });
  }
}
