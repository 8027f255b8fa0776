/**
 * The background workers: the outbox publisher (table stream → bus) and the deadline sweeper (every minute).
 */
import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import { ENV } from '../../services/shared/config.ts';
import { deadLetterQueue, type NamedQueue } from './dead-letter-queue.ts';
import { ServiceFunction } from './service-function.ts';

/** Only committed outbox rows start the publisher; every other change on the stream is filtered out. */
export const OUTBOX_INSERT_FILTER = lambda.FilterCriteria.filter({
  eventName: lambda.FilterRule.isEqual('INSERT'),
  dynamodb: { NewImage: { itemType: { S: lambda.FilterRule.isEqual('OUTBOX') } } },
});

export const SWEEP_SCHEDULE = events.Schedule.rate(Duration.minutes(1));

export interface WorkersProps {
  table: dynamodb.ITableV2;
  bus: events.IEventBus;
}

export class Workers extends Construct {
  readonly publisher: ServiceFunction;
  readonly publisherDeadLetterQueue: NamedQueue;
  readonly sweeper: ServiceFunction;

  constructor(scope: Construct, id: string, props: WorkersProps) {
    super(scope, id);
    this.publisherDeadLetterQueue = deadLetterQueue(this, 'publisher-dlq', 'the outbox publisher');
    this.publisher = new ServiceFunction(this, 'publisher', {
      entry: 'services/lambda/publisher.ts',
      description: 'Clearwater outbox publisher (table stream to EventBridge)',
      timeout: Duration.minutes(1),
    })
      .useTable(props.table)
      .publishTo(props.bus)
      // Poison outbox rows (unparseable, or failing their catalog schema) are parked in the same queue.
      .sendsTo(ENV.publisherDlqUrl, this.publisherDeadLetterQueue.queue);
    this.publisher.lambda.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        bisectBatchOnError: true,
        retryAttempts: 5,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.publisherDeadLetterQueue.queue),
        filters: [OUTBOX_INSERT_FILTER],
      }),
    );

    this.sweeper = new ServiceFunction(this, 'sweeper', {
      entry: 'services/lambda/sweeper.ts',
      description: 'Clearwater deadline sweeper',
      // Shorter than the schedule, so one sweep is done before the next starts.
      timeout: Duration.seconds(55),
    }).useTable(props.table);
    new events.Rule(this, 'SweepSchedule', {
      description: 'Runs the deadline sweeper every minute.',
      schedule: SWEEP_SCHEDULE,
      // A missed sweep is covered by the next one a minute later: no point retrying a stale tick.
      targets: [
        new targets.LambdaFunction(this.sweeper.lambda, {
          retryAttempts: 0,
          maxEventAge: Duration.minutes(1),
        }),
      ],
    });
  }
}
