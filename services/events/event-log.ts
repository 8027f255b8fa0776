/**
 * The event history: every event on the bus, recorded by the `event-log` rule (idempotent on
 * `eventId`) and queried by time, source, detail-type or entity.
 */
import { ConditionalCheckFailedException, PutItemCommand } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import type { BusEvent, EventMetadata } from '../shared/events/envelope.ts';
import type { TargetHandler } from '../shared/events/target.ts';
import type { Store } from '../shared/store/client.ts';
import { toAttributes } from '../shared/store/codec.ts';
import { getItem, strip } from '../shared/store/items.ts';
import { keys } from '../shared/store/keys.ts';
import { type KeyQuery, type Page, queryPage } from '../shared/store/query.ts';
import { parseInput } from '../shared/validation.ts';

/** All events share one time-ordered index partition: district-scale volumes (thousands a day) fit it easily. */
const LOG_PARTITION = 'EVENTLOG';
const entityPartition = (entityId: string) => `EVENTENTITY#${entityId}`;

export interface LoggedEvent {
  eventId: string;
  source: string;
  detailType: string;
  occurredAt: string;
  entityType: string;
  entityId: string;
  correlationId: string;
  actor: EventMetadata['actor'];
  /** The whole EventBridge event as delivered, JSON. */
  event: string;
}

export const recordEvent: TargetHandler = async (event, { store }) => {
  const { metadata } = event.detail;
  const sortKey = `${metadata.occurredAt}#${metadata.eventId}`;
  try {
    await store.db.send(
      new PutItemCommand({
        TableName: store.tableName,
        Item: toAttributes({
          PK: `EVENT#${metadata.eventId}`,
          SK: '#EVENT',
          itemType: 'Event',
          GSI1PK: LOG_PARTITION,
          GSI1SK: sortKey,
          GSI2PK: entityPartition(metadata.entity.id),
          GSI2SK: sortKey,
          eventId: metadata.eventId,
          source: event.source,
          detailType: event['detail-type'],
          occurredAt: metadata.occurredAt,
          entityType: metadata.entity.type,
          entityId: metadata.entity.id,
          correlationId: metadata.correlationId,
          actor: metadata.actor,
          event: JSON.stringify(event),
        } satisfies Record<string, unknown> & LoggedEvent),
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    // Delivered before (delivery is at least once): already recorded.
  }
};

export const EventFilter = z
  .object({
    source: z.string().min(1).max(100).optional(),
    detailType: z.string().min(1).max(100).optional(),
    entityId: z.string().min(1).max(200).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((f) => !f.from || !f.to || Date.parse(f.from) <= Date.parse(f.to), {
    message: 'must not be before from',
    path: ['to'],
  });

/** Events oldest first, so an integrator can resume from its last cursor and miss nothing. */
export async function listEvents(
  store: Store,
  rawFilter: unknown,
  first: number,
  after?: string | null,
): Promise<Page<LoggedEvent & { parsed: BusEvent }>> {
  const filter = parseInput(EventFilter, rawFilter ?? {}, 'filter');
  const from = filter.from ? new Date(filter.from).toISOString() : '0000';
  const to = filter.to ? `${new Date(filter.to).toISOString()}#~` : '9999';
  const conditions: string[] = [];
  const values: Record<string, unknown> = {};
  if (filter.source) {
    conditions.push('#source = :source');
    values[':source'] = filter.source;
  }
  if (filter.detailType) {
    conditions.push('detailType = :detailType');
    values[':detailType'] = filter.detailType;
  }
  const query: KeyQuery = {
    index: filter.entityId ? 'GSI2' : 'GSI1',
    partition: filter.entityId ? entityPartition(filter.entityId) : LOG_PARTITION,
    between: [from, to],
    ...(conditions.length
      ? {
          filter: {
            expression: conditions.join(' AND '),
            ...(filter.source ? { names: { '#source': 'source' } } : {}),
            values,
          },
        }
      : {}),
  };
  const page = await queryPage<Record<string, unknown>>(store, query, first, after);
  return {
    ...page,
    items: page.items.map((item) => {
      const logged = strip<LoggedEvent>(item);
      return { ...logged, parsed: JSON.parse(logged.event) as BusEvent };
    }),
  };
}

/** One recorded event by id. */
export async function getLoggedEvent(
  store: Store,
  eventId: string,
): Promise<(LoggedEvent & { parsed: BusEvent }) | undefined> {
  const logged = await getItem<LoggedEvent>(store, keys.event(eventId));
  return logged && { ...logged, parsed: JSON.parse(logged.event) as BusEvent };
}
