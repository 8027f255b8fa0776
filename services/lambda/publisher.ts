/** Lambda adapter: DynamoDB stream (outbox rows only, by the event source filter) → PutEvents. */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { type OutboxStreamRecord, publishRecords } from '../events/publisher.ts';
import { ENV, requiredEnv } from '../shared/config.ts';
import { log } from './runtime.ts';

const eventBridge = new EventBridgeClient({});
const sqs = new SQSClient({});
const busName = requiredEnv(ENV.busName);
const deadLetterQueueUrl = requiredEnv(ENV.publisherDlqUrl);

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const result = await publishRecords(event.Records as OutboxStreamRecord[], {
    busName,
    bus: { putEvents: (entries) => eventBridge.send(new PutEventsCommand({ Entries: entries })) },
    deadLetters: {
      deadLetter: async (record, reason) => {
        await sqs.send(
          new SendMessageCommand({
            QueueUrl: deadLetterQueueUrl,
            MessageBody: JSON.stringify({ reason, record }),
          }),
        );
      },
    },
    log,
  });
  log('Published outbox records', { ...result, batchItemFailures: result.batchItemFailures.length });
  return { batchItemFailures: result.batchItemFailures };
}
