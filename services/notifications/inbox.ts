/**
 * Unit inboxes, fed by escalation events. A notification's id is the event's id, and it is written
 * with "if absent", so an event delivered twice leaves one notification (and does not reset `readAt`).
 */
import { ConditionalCheckFailedException, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import type { LadderStepFired } from '../events/catalog/deadlines.ts';
import type { TargetHandler } from '../events/target.ts';
import type { Store } from '../shared/store/client.ts';
import { toAttributes } from '../shared/store/codec.ts';
import { strip } from '../shared/store/items.ts';
import { type Page, queryAll, queryPage } from '../shared/store/query.ts';
import { parseInput } from '../shared/validation.ts';

export const SEVERITIES = ['INFO', 'WARNING', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Notification {
  id: string;
  unitId: string;
  detailType: string;
  severity: Severity;
  title: string;
  taskId: string;
  milestoneId: string;
  dueAt: string;
  occurredAt: string;
  readAt?: string;
}

const inboxKey = (unitId: string, id: string) => ({ PK: `INBOX#${unitId}`, SK: `N#${id}` });
const inboxPartition = (unitId: string) => `INBOX#${unitId}`;
const unreadPartition = (unitId: string) => `INBOX-UNREAD#${unitId}`;

const SEVERITY: Record<string, Severity> = {
  MilestoneDueSoon: 'INFO',
  MilestoneOverdue: 'WARNING',
  MilestoneEscalated: 'CRITICAL',
  AccountabilityInterviewProposed: 'CRITICAL',
};

const TITLE: Record<string, (d: LadderStepFired) => string> = {
  MilestoneDueSoon: (d) => `任务${d.taskNumber}「${d.milestoneTitle}」即将到期`,
  MilestoneOverdue: (d) => `任务${d.taskNumber}「${d.milestoneTitle}」已逾期`,
  MilestoneEscalated: (d) => `任务${d.taskNumber}「${d.milestoneTitle}」逾期未完成，已上报区政府`,
  AccountabilityInterviewProposed: (d) => `任务${d.taskNumber}「${d.milestoneTitle}」逾期30日，建议约谈`,
};

export const deliverToInboxes: TargetHandler = async (event, { store }) => {
  const data = event.detail.data as LadderStepFired;
  const detailType = event['detail-type'];
  const id = event.detail.metadata.eventId;
  for (const unitId of data.recipientUnitIds) {
    const notification: Notification = {
      id,
      unitId,
      detailType,
      severity: SEVERITY[detailType] ?? 'INFO',
      title: TITLE[detailType]?.(data) ?? `${detailType}: ${data.milestoneTitle}`,
      taskId: data.taskId,
      milestoneId: data.milestoneId,
      dueAt: data.dueAt,
      occurredAt: event.detail.metadata.occurredAt,
    };
    try {
      await store.db.send(
        new PutItemCommand({
          TableName: store.tableName,
          Item: toAttributes({
            ...inboxKey(unitId, id),
            itemType: 'Notification',
            GSI1PK: unreadPartition(unitId),
            GSI1SK: `N#${id}`,
            ...notification,
          }),
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
};

/** Newest first. */
export async function listNotifications(
  store: Store,
  unitId: string,
  options: { unreadOnly: boolean; first: number; after?: string | null },
): Promise<Page<Notification>> {
  const query = options.unreadOnly
    ? { index: 'GSI1' as const, partition: unreadPartition(unitId), descending: true }
    : { partition: inboxPartition(unitId), descending: true };
  const page = await queryPage(store, query, options.first, options.after);
  return { ...page, items: page.items.map((item) => strip<Notification>(item)) };
}

export async function unreadCount(store: Store, unitId: string): Promise<number> {
  return (await queryAll(store, { index: 'GSI1', partition: unreadPartition(unitId) })).length;
}

export const MarkReadInput = z
  .object({ ids: z.array(z.string().min(1).max(60)).max(100).default([]), all: z.boolean().default(false) })
  .refine((i) => i.all || i.ids.length > 0, { message: 'give ids or all: true', path: ['ids'] });

/** Marks notifications of the unit read; returns how many changed (already-read and unknown ids are ignored). */
export async function markRead(store: Store, unitId: string, raw: unknown, now: Date): Promise<number> {
  const input = parseInput(MarkReadInput, raw);
  const ids = input.all
    ? (await queryAll<Notification>(store, { index: 'GSI1', partition: unreadPartition(unitId) })).map(
        (n) => n.id,
      )
    : input.ids;
  let changed = 0;
  for (const id of new Set(ids)) {
    try {
      await store.db.send(
        new UpdateItemCommand({
          TableName: store.tableName,
          Key: toAttributes(inboxKey(unitId, id)),
          UpdateExpression: 'SET readAt = :now REMOVE GSI1PK, GSI1SK',
          ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(readAt)',
          ExpressionAttributeValues: toAttributes({ ':now': now.toISOString() }),
        }),
      );
      changed++;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
  return changed;
}
