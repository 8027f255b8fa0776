/**
 * Acknowledging cdk-nag findings, one construct and one finding at a time. cdk-nag 3 reads CDK's own
 * `Validations.of(scope).acknowledge()` metadata (its v2 `NagSuppressions` API is gone); an
 * acknowledgment on a construct covers the resources beneath it, so acknowledge on the narrowest
 * construct that owns the finding.
 */
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export interface NagFinding {
  /** `AwsSolutions-<rule>` or, for rules with several findings, `AwsSolutions-<rule>[<finding>]`. */
  id: string;
  reason: string;
}

export function acknowledge(scope: IConstruct, ...findings: NagFinding[]): void {
  Validations.of(scope).acknowledge(...findings);
}

/** How cdk-nag spells an `Fn::GetAtt <resource>.Arn` inside an IAM5 finding. */
export function arnReference(resource: CfnElement): string {
  return `<${Stack.of(resource).getLogicalId(resource)}.Arn>`;
}
