/**
 * Fills unit inboxes from every event whose catalog definition carries a notice (a milestone overdue, an
 * outfall's deadline, a hand-off limit missed). The event data is parsed with the catalog's schema, and
 * each recipient unit gets one notification keyed by the event id, written "if absent": an event
 * delivered twice leaves one notification, and does not reset `readAt`.
 */
import { ConditionalCheckFailedException, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { definitionOf } from '../events/catalog/index.ts';
import type { TargetHandler } from '../shared/events/target.ts';
import { toAttributes } from '../shared/store/codec.ts';
import { indexKeys, keys } from '../shared/store/keys.ts';
import type { Notification } from './inbox.ts';

export const deliverToInboxes: TargetHandler = async (event, { store }) => {
  const definition = definitionOf(event.source, event['detail-type']);
  if (!definition?.notice) return; // not an event that tells units anything
  const notice = definition.notice(definition.data.parse(event.detail.data));
  const id = event.detail.metadata.eventId;
  for (const unitId of new Set(notice.recipientUnitIds)) {
    const notification: Notification = {
      id,
      unitId,
      detailType: event['detail-type'],
      severity: notice.severity,
      title: notice.title,
      subject: notice.subject,
      dueAt: notice.dueAt,
      links: notice.links,
      occurredAt: event.detail.metadata.occurredAt,
    };
    try {
      await store.db.send(
        new PutItemCommand({
          TableName: store.tableName,
          Item: toAttributes({
            ...keys.notification(unitId, id),
            itemType: 'Notification',
            GSI1PK: indexKeys.unreadNotifications.partition(unitId),
            GSI1SK: indexKeys.unreadNotifications.sort(id),
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
