/**
 * Unit inboxes: reading a unit's notifications and marking them read. They are written by the bus handler
 * of delivery.ts, which needs the whole event catalog; this module does not, so the GraphQL function's cold
 * start does not load the catalog to read an inbox.
 */
import { ConditionalCheckFailedException, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import type { Notice, Severity } from '../shared/events/envelope.ts';
import type { Store } from '../shared/store/client.ts';
import { toAttributes } from '../shared/store/codec.ts';
import { getItem, strip } from '../shared/store/items.ts';
import { indexKeys, keys } from '../shared/store/keys.ts';
import { type Page, queryAll, queryPage } from '../shared/store/query.ts';
import { parseInput } from '../shared/validation.ts';

export interface Notification {
  /** The id of the event that caused it (one notification per event and unit). */
  id: string;
  unitId: string;
  detailType: string;
  severity: Severity;
  title: string;
  subject: Notice['subject'];
  dueAt?: string;
  links?: Record<string, string>;
  occurredAt: string;
  readAt?: string;
}

/** Newest first. */
export async function listNotifications(
  store: Store,
  unitId: string,
  options: { unreadOnly: boolean; first: number; after?: string | null },
): Promise<Page<Notification>> {
  const query = options.unreadOnly
    ? {
        index: indexKeys.unreadNotifications.index,
        partition: indexKeys.unreadNotifications.partition(unitId),
        descending: true,
      }
    : { partition: keys.notification.partition(unitId), descending: true };
  const page = await queryPage(store, query, options.first, options.after);
  return { ...page, items: page.items.map((item) => strip<Notification>(item)) };
}

export function getNotification(
  store: Store,
  unitId: string,
  eventId: string,
): Promise<Notification | undefined> {
  return getItem<Notification>(store, keys.notification(unitId, eventId));
}

function unread(store: Store, unitId: string): Promise<Notification[]> {
  return queryAll<Notification>(store, {
    index: indexKeys.unreadNotifications.index,
    partition: indexKeys.unreadNotifications.partition(unitId),
  });
}

export async function unreadCount(store: Store, unitId: string): Promise<number> {
  return (await unread(store, unitId)).length;
}

export const MarkReadInput = z
  .object({ ids: z.array(z.string().min(1).max(60)).max(100).default([]), all: z.boolean().default(false) })
  .refine((i) => i.all || i.ids.length > 0, { message: 'give ids or all: true', path: ['ids'] });

/** Marks notifications of the unit read; returns how many changed (already-read and unknown ids are ignored). */
export async function markRead(store: Store, unitId: string, raw: unknown, now: Date): Promise<number> {
  const input = parseInput(MarkReadInput, raw);
  const ids = input.all ? (await unread(store, unitId)).map((n) => n.id) : input.ids;
  let changed = 0;
  for (const id of new Set(ids)) {
    try {
      await store.db.send(
        new UpdateItemCommand({
          TableName: store.tableName,
          Key: toAttributes(keys.notification(unitId, id)),
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
