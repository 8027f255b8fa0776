/** An SQS queue that catches what a consumer gave up on: encrypted, TLS-only, kept for the maximum 14 days. */
import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';

export interface NamedQueue {
  /** What the queue catches, for alarm names and descriptions. */
  name: string;
  queue: sqs.Queue;
}

export function deadLetterQueue(scope: Construct, id: string, name: string): NamedQueue {
  const queue = new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  acknowledge(queue, {
    id: 'AwsSolutions-SQS3',
    reason: `This queue is itself the dead-letter queue of ${name}; an alarm fires on its first message.`,
  });
  return { name, queue };
}
