/**
 * The police integration: rule `police-feed` routes every `clearwater.handoffs` event that concerns a
 * police unit here, and each such unit gets one feed entry per event (keyed by the event's id: a
 * redelivery writes nothing new). The police case system pages through its unit's feed by GraphQL,
 * oldest first, resuming from its last cursor — or subscribes by webhook or an EventBridge rule instead.
 */
import { ConditionalCheckFailedException, PutItemCommand } from '@aws-sdk/client-dynamodb';
import * as handoffEvents from '../events/catalog/handoffs.ts';
import type { TargetHandler } from '../shared/events/target.ts';
import type { Store } from '../shared/store/client.ts';
import { toAttributes } from '../shared/store/codec.ts';
import { strip } from '../shared/store/items.ts';
import { keys } from '../shared/store/keys.ts';
import { type Page, queryPage } from '../shared/store/query.ts';

export interface PoliceFeedEntry {
  eventId: string;
  detailType: string;
  occurredAt: string;
  caseId?: string;
  caseNumber?: string;
  handoffId?: string;
  /** The event's `data`, JSON (document references, never files). */
  data: string;
}

export const feedPolice: TargetHandler = async (event, { store }) => {
  // Rule `police-feed` routes only `clearwater.handoffs` events here; the context's own catalog module keeps
  // the whole catalog out of the GraphQL cold start, which reads the feed through this module.
  const definition = Object.values(handoffEvents).find(
    (d) => d.source === event.source && d.detailType === event['detail-type'],
  );
  if (!definition) return;
  const data = definition.data.parse(event.detail.data) as {
    policeUnitIds: string[];
    caseId?: string;
    caseNumber?: string;
    handoffId?: string;
  };
  const { eventId, occurredAt } = event.detail.metadata;
  for (const unitId of new Set(data.policeUnitIds)) {
    const entry: PoliceFeedEntry = {
      eventId,
      detailType: event['detail-type'],
      occurredAt,
      caseId: data.caseId,
      caseNumber: data.caseNumber,
      handoffId: data.handoffId,
      data: JSON.stringify(data),
    };
    try {
      await store.db.send(
        new PutItemCommand({
          TableName: store.tableName,
          Item: toAttributes({
            ...keys.policeFeed(unitId, occurredAt, eventId),
            itemType: 'PoliceFeed',
            ...entry,
          }),
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
};

export async function listPoliceFeed(
  store: Store,
  policeUnitId: string,
  first: number,
  after?: string | null,
): Promise<Page<PoliceFeedEntry>> {
  const page = await queryPage(store, { partition: keys.policeFeed.partition(policeUnitId) }, first, after);
  return { ...page, items: page.items.map((item) => strip<PoliceFeedEntry>(item)) };
}
