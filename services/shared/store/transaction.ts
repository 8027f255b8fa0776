/**
 * A unit of work: state changes, their audit entries and their domain events (outbox rows) committed
 * together in one TransactWriteItems, so an event exists if and only if its change was committed.
 */
import {
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import type { z } from 'zod';
import type { Actor } from '../auth/principal.ts';
import { ConflictError } from '../errors.ts';
import type { EventDefinition, EventDetail, OutboundEvent } from '../events/envelope.ts';
import { newId } from '../ids.ts';
import type { Store } from './client.ts';
import { type AttributeMap, fromAttributes, type Item, toAttributes } from './codec.ts';
import { type Key, keys } from './keys.ts';
import { Update, type UpdateExpression } from './update.ts';

/** DynamoDB's limit on items in one transaction. */
export const MAX_TRANSACTION_ITEMS = 100;
/** Outbox rows are kept a week after writing: long enough for any stream consumer, then expired. */
const OUTBOX_RETENTION_SECONDS = 7 * 24 * 3600;

export interface WorkContext {
  actor: Actor;
  correlationId: string;
  now: Date;
}

export interface Condition {
  expression: string;
  names?: Record<string, string>;
  values?: Item;
  /** The domain error to raise when this condition is why the transaction was cancelled. */
  onFailed?: () => Error;
}

export interface AuditInput {
  entityType: string;
  entityId: string;
  action: string;
  summary: string;
  changes?: Record<string, unknown>;
}

interface Write {
  item: TransactWriteItem;
  onFailed?: () => Error;
}

export class UnitOfWork {
  private readonly writes: Write[] = [];
  private readonly events: OutboundEvent[] = [];

  constructor(readonly context: WorkContext) {}

  get size(): number {
    return this.writes.length;
  }

  get emitted(): readonly OutboundEvent[] {
    return this.events;
  }

  /** The keys of the items this unit puts or updates (audit entries and outbox rows included), in order. */
  get writtenKeys(): Key[] {
    return this.writes.flatMap(({ item }) => {
      const written = item.Put?.Item ?? item.Update?.Key;
      return written ? [fromAttributes<Key>({ PK: written.PK, SK: written.SK } as AttributeMap)] : [];
    });
  }

  put(item: Item & Key, condition?: Condition): this {
    return this.add(
      {
        Put: {
          TableName: '',
          Item: toAttributes(item),
          ...conditionParams(condition),
        },
      },
      condition,
    );
  }

  update(key: Key, change: Update | UpdateExpression, condition?: Condition): this {
    const update = change instanceof Update ? change.build() : change;
    const names = { ...update.names, ...condition?.names };
    const values = { ...update.values, ...condition?.values };
    return this.add(
      {
        Update: {
          TableName: '',
          Key: toAttributes(key),
          UpdateExpression: update.expression,
          ...(condition ? { ConditionExpression: condition.expression } : {}),
          ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
          ...(Object.keys(values).length ? { ExpressionAttributeValues: toAttributes(values) } : {}),
        },
      },
      condition,
    );
  }

  check(key: Key, condition: Condition): this {
    return this.add(
      {
        ConditionCheck: {
          TableName: '',
          Key: toAttributes(key),
          ConditionExpression: condition.expression,
          ...conditionParams({ ...condition, expression: undefined }),
        },
      },
      condition,
    );
  }

  delete(key: Key, condition?: Condition): this {
    return this.add(
      { Delete: { TableName: '', Key: toAttributes(key), ...conditionParams(condition) } },
      condition,
    );
  }

  /** Records a domain event; validated against its catalog schema now, published after commit. */
  emit<S extends z.ZodType>(definition: EventDefinition<S>, data: z.input<S>): OutboundEvent {
    const parsed = definition.data.parse(data) as z.output<S>;
    const { now, actor, correlationId } = this.context;
    const eventId = newId(now);
    const detail: EventDetail = {
      metadata: {
        eventId,
        occurredAt: now.toISOString(),
        correlationId,
        actor,
        version: definition.version,
        entity: definition.entity(parsed),
      },
      data: parsed,
    };
    const event: OutboundEvent = { source: definition.source, detailType: definition.detailType, detail };
    this.events.push(event);
    this.put({
      ...keys.outbox(eventId),
      itemType: 'OUTBOX',
      eventId,
      source: event.source,
      detailType: event.detailType,
      detail: JSON.stringify(detail),
      occurredAt: detail.metadata.occurredAt,
      expiresAt: Math.floor(now.getTime() / 1000) + OUTBOX_RETENTION_SECONDS,
    });
    return event;
  }

  /** Appends an audit entry: who did what to which entity, when, and under which correlation id. */
  audit(entry: AuditInput): this {
    const { now, actor, correlationId } = this.context;
    const at = now.toISOString();
    const auditId = newId(now);
    return this.put({
      ...keys.audit(entry.entityType, entry.entityId, at, auditId),
      itemType: 'AUDIT',
      auditId,
      at,
      actor,
      correlationId,
      entityType: entry.entityType,
      entityId: entry.entityId,
      action: entry.action,
      summary: entry.summary,
      changes: entry.changes ? JSON.stringify(entry.changes) : undefined,
    });
  }

  async commit(store: Store): Promise<readonly OutboundEvent[]> {
    if (this.writes.length === 0) return this.events;
    if (this.writes.length > MAX_TRANSACTION_ITEMS) {
      throw new Error(
        `A unit of work holds ${this.writes.length} writes; DynamoDB allows ${MAX_TRANSACTION_ITEMS}`,
      );
    }
    const items = this.writes.map(({ item }) => withTable(item, store.tableName));
    for (let attempt = 1; ; attempt++) {
      try {
        await store.db.send(new TransactWriteItemsCommand({ TransactItems: items }));
        return this.events;
      } catch (error) {
        // A cancelled transaction wrote nothing, so one that lost only a race with another
        // transaction (no condition failed) is safe to send again.
        if (attempt < CONFLICT_RETRIES && isOnlyTransactionConflict(error)) {
          await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt * Math.random()));
          continue;
        }
        throw this.translate(error);
      }
    }
  }

  private add(item: TransactWriteItem, condition?: Condition): this {
    this.writes.push({ item, onFailed: condition?.onFailed });
    return this;
  }

  private translate(error: unknown): unknown {
    if (!(error instanceof TransactionCanceledException)) return error;
    const reasons = error.CancellationReasons ?? [];
    const failed = reasons.findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
    if (failed >= 0) {
      return (
        this.writes[failed]?.onFailed?.() ?? new ConflictError('The change conflicts with the current state')
      );
    }
    if (reasons.some((reason) => reason.Code === 'TransactionConflict')) {
      return new ConflictError('Another change to the same records was in progress: try again');
    }
    return error;
  }
}

const CONFLICT_RETRIES = 6;

function isOnlyTransactionConflict(error: unknown): boolean {
  if (!(error instanceof TransactionCanceledException)) return false;
  const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code);
  return codes.includes('TransactionConflict') && !codes.includes('ConditionalCheckFailed');
}

function conditionParams(condition?: Partial<Condition>): Partial<TransactWriteItem['Put'] & object> {
  if (!condition) return {};
  return {
    ...(condition.expression ? { ConditionExpression: condition.expression } : {}),
    ...(condition.names && Object.keys(condition.names).length
      ? { ExpressionAttributeNames: condition.names }
      : {}),
    ...(condition.values && Object.keys(condition.values).length
      ? { ExpressionAttributeValues: toAttributes(condition.values) }
      : {}),
  };
}

function withTable(item: TransactWriteItem, tableName: string): TransactWriteItem {
  const [kind, body] = Object.entries(item)[0] as [keyof TransactWriteItem, object];
  return { [kind]: { ...body, TableName: tableName } } as TransactWriteItem;
}
