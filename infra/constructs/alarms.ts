/** Alarms for what must not go unnoticed: anything dead-lettered, and errors of the background workers. */
import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { NamedQueue } from './dead-letter-queue.ts';
import type { ServiceFunction } from './service-function.ts';

export interface AlarmsProps {
  deadLetterQueues: NamedQueue[];
  /** Functions whose every error needs an operator (they run unattended). */
  workers: { name: string; fn: ServiceFunction }[];
}

export class Alarms extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    // A customer-managed key: CloudWatch may not use the AWS-managed SNS key to publish alarms.
    const key = new kms.Key(this, 'TopicKey', {
      description: 'Encrypts the Clearwater alarm topic',
      enableKeyRotation: true,
    });
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Clearwater alarms',
      masterKey: key,
      enforceSSL: true,
    });
    const action = new SnsAction(this.topic);

    for (const { name, queue } of props.deadLetterQueues) {
      new cloudwatch.Alarm(this, `${queue.node.id}-messages`, {
        alarmDescription: `Messages dead-lettered by ${name}.`,
        metric: queue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(action);
    }
    for (const { name, fn } of props.workers) {
      new cloudwatch.Alarm(this, `${fn.node.id}-errors`, {
        alarmDescription: `Errors of the ${name}.`,
        metric: fn.lambda.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(action);
    }
    new CfnOutput(Stack.of(this), 'AlarmTopicArn', { value: this.topic.topicArn });
  }
}
