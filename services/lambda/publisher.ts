/** Lambda adapter: DynamoDB stream (outbox rows only, by the event source filter) → PutEvents. */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { type OutboxStreamRecord, observePublished, publishRecords } from '../events/publisher.ts';
import { ENV, requiredEnv } from '../shared/config.ts';
import { invocation, log, telemetry } from './observability.ts';
import { traceClient, traced } from './tracing.ts';

const eventBridge = traceClient(new EventBridgeClient({}));
const sqs = traceClient(new SQSClient({}));
const busName = requiredEnv(ENV.busName);
const QueueUrl = requiredEnv(ENV.publisherDlqUrl);

export async function handler(event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> {
  return invocation(context, { correlation_id: context.awsRequestId }, () =>
    traced(async () => {
      const result = await publishRecords(event.Records as OutboxStreamRecord[], {
        busName,
        bus: { putEvents: (entries) => eventBridge.send(new PutEventsCommand({ Entries: entries })) },
        deadLetters: {
          deadLetter: async (record, reason) => {
            await sqs.send(
              new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify({ reason, record }) }),
            );
          },
        },
        log,
      });
      observePublished(telemetry, result);
      return { batchItemFailures: result.batchItemFailures };
    }),
  );
}
