/**
 * The `clearwater` event bus: an archive of everything for replay, one rule per entry of the rules module
 * (each with its target function, retry policy and dead-letter queue), and the schema registry that
 * publishes the event catalog to integrators.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as eventschemas from 'aws-cdk-lib/aws-eventschemas';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import { Construct } from 'constructs';
import { catalogJsonSchemas } from '../../services/events/json-schema.ts';
import type { EventPattern } from '../../services/events/pattern.ts';
import { type RuleDefinition, rules, type TargetName } from '../../services/events/rules.ts';
import { deadLetterQueue, type NamedQueue } from './dead-letter-queue.ts';
import { ServiceFunction } from './service-function.ts';

/** Tells the shared bus-target entry point which handler it runs. */
export const TARGET_ENV = 'CLEARWATER_TARGET';
export const BUS_NAME = 'clearwater';
export const SCHEMA_REGISTRY_NAME = 'clearwater';

export interface BusProps {
  table: dynamodb.ITableV2;
}

export class Bus extends Construct {
  readonly bus: events.EventBus;
  readonly targetFunctions = new Map<TargetName, ServiceFunction>();
  readonly deadLetterQueues: NamedQueue[] = [];

  constructor(scope: Construct, id: string, props: BusProps) {
    super(scope, id);
    this.bus = new events.EventBus(this, 'Bus', { eventBusName: BUS_NAME });
    this.bus.archive('Archive', {
      description: 'Every Clearwater event, for replay.',
      // An archive needs a pattern; every event on the bus carries this account.
      eventPattern: { account: [Stack.of(this).account] },
      retention: Duration.days(365),
    });
    for (const rule of rules) this.addRule(rule, props.table);
    publishSchemas(this);
  }

  private addRule(definition: RuleDefinition, table: dynamodb.ITableV2): void {
    const dlq = deadLetterQueue(this, `${definition.name}-dlq`, `the ${definition.name} rule`);
    this.deadLetterQueues.push(dlq);
    const rule = new events.Rule(this, definition.name, {
      eventBus: this.bus,
      ruleName: definition.name,
      description: definition.description,
      eventPattern: cdkEventPattern(definition.pattern),
    });
    rule.addTarget(
      new targets.LambdaFunction(this.targetFunction(definition.target, table).lambda, {
        retryAttempts: definition.retry.maximumRetryAttempts,
        maxEventAge: Duration.seconds(definition.retry.maximumEventAgeSeconds),
        deadLetterQueue: dlq.queue,
      }),
    );
  }

  private targetFunction(target: TargetName, table: dynamodb.ITableV2): ServiceFunction {
    let fn = this.targetFunctions.get(target);
    if (!fn) {
      fn = new ServiceFunction(this, `target-${target}`, {
        entry: 'services/lambda/bus-target.ts',
        description: `Clearwater bus target ${target}`,
        environment: { [TARGET_ENV]: target },
      }).useTable(table);
      // EventBridge invokes targets asynchronously: its retry policy and dead-letter queue cover failures
      // to hand the event to Lambda, not a handler that throws. Lambda retries those itself (twice) and
      // would then drop the event; this destination keeps it, with the error, for the alarm and a replay.
      const failures = deadLetterQueue(this, `target-${target}-failures`, `the ${target} handler`);
      this.deadLetterQueues.push(failures);
      fn.lambda.configureAsyncInvoke({
        retryAttempts: 2,
        maxEventAge: Duration.hours(6),
        onFailure: new destinations.SqsDestination(failures.queue),
      });
      this.targetFunctions.set(target, fn);
    }
    return fn;
  }
}

/**
 * The rules module writes patterns as EventBridge JSON; CDK's `EventPattern` spells `detail-type` as
 * `detailType` and renders every other key unchanged, so renaming that one key reproduces the data exactly.
 */
export function cdkEventPattern(pattern: EventPattern): events.EventPattern {
  const { 'detail-type': detailType, ...rest } = structuredClone(pattern);
  return (detailType === undefined ? rest : { ...rest, detailType }) as events.EventPattern;
}

function publishSchemas(scope: Construct): void {
  const registry = new eventschemas.CfnRegistry(scope, 'SchemaRegistry', {
    registryName: SCHEMA_REGISTRY_NAME,
    description: 'JSON Schemas of every Clearwater event (source + detail-type), generated from the catalog.',
  });
  for (const { definition, schema } of catalogJsonSchemas()) {
    const name = `${definition.source}@${definition.detailType}`;
    new eventschemas.CfnSchema(scope, `Schema-${name}`, {
      registryName: registry.attrRegistryName,
      schemaName: name,
      type: 'JSONSchemaDraft4',
      description: definition.description,
      content: JSON.stringify(schema),
    });
  }
}
