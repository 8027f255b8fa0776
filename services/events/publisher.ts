/**
 * The outbox publisher: turns inserted outbox rows from the table's stream into PutEvents calls on the
 * bus. The Lambda handler and the local stream poller both call `publishRecords`.
 *
 * - at most 10 entries a PutEvents call (EventBridge's limit);
 * - entries EventBridge reports as failed are retried with backoff;
 * - a poison record (cannot be parsed, or does not match its catalog schema) goes to the dead-letter
 *   sink and does not block the rest;
 * - records still failing after the retries are reported as batch item failures, so the stream source
 *   retries from there (and bisects) while everything before them is checkpointed.
 */

import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { PutEventsRequestEntry, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { envelopeSchema } from '../shared/events/envelope.ts';
import { fromAttributes } from '../shared/store/codec.ts';
import { METRIC, type Telemetry } from '../shared/telemetry.ts';
import { definitionOf } from './catalog/index.ts';

/** The part of a DynamoDB stream record the publisher reads (same shape in Lambda events and GetRecords). */
export interface OutboxStreamRecord {
  eventID?: string;
  eventName?: string;
  dynamodb?: { SequenceNumber?: string; NewImage?: Record<string, AttributeValue> };
}

export interface EventSink {
  putEvents(entries: PutEventsRequestEntry[]): Promise<{ Entries?: PutEventsResultEntry[] }>;
}

export interface DeadLetterSink {
  deadLetter(record: OutboxStreamRecord, reason: string): Promise<void>;
}

export interface PublisherDeps {
  bus: EventSink;
  busName: string;
  deadLetters: DeadLetterSink;
  /** Attempts per entry within one invocation before it is reported as failed. */
  maxAttempts?: number;
  backoffMs?: number;
  log?: (message: string, context?: Record<string, unknown>) => void;
}

export interface PublishResult {
  published: number;
  deadLettered: number;
  batchItemFailures: { itemIdentifier: string }[];
}

export const PUT_EVENTS_BATCH = 10;

interface Pending {
  record: OutboxStreamRecord;
  entry: PutEventsRequestEntry;
  attempts: number;
}

export async function publishRecords(
  records: OutboxStreamRecord[],
  deps: PublisherDeps,
): Promise<PublishResult> {
  const log = deps.log ?? (() => {});
  const result: PublishResult = { published: 0, deadLettered: 0, batchItemFailures: [] };
  let pending: Pending[] = [];
  for (const record of records) {
    if (!isOutboxInsert(record)) continue;
    const entry = toEntry(record, deps.busName);
    if (typeof entry === 'string') {
      log('Outbox record is poison; dead-lettered', { eventID: record.eventID, reason: entry });
      await deps.deadLetters.deadLetter(record, entry);
      result.deadLettered++;
    } else {
      pending.push({ record, entry, attempts: 0 });
    }
  }
  const maxAttempts = deps.maxAttempts ?? 4;
  while (pending.length > 0) {
    const failed: Pending[] = [];
    for (let i = 0; i < pending.length; i += PUT_EVENTS_BATCH) {
      const batch = pending.slice(i, i + PUT_EVENTS_BATCH);
      const outcome = await send(
        deps.bus,
        batch.map((p) => p.entry),
      );
      batch.forEach((p, j) => {
        const entryResult = outcome[j];
        if (entryResult && !entryResult.ErrorCode) {
          result.published++;
        } else {
          p.attempts++;
          failed.push(p);
          log('PutEvents entry failed', {
            eventID: p.record.eventID,
            error: entryResult?.ErrorCode ?? 'request failed',
          });
        }
      });
    }
    pending = failed.filter((p) => p.attempts < maxAttempts);
    const exhausted = failed.filter((p) => p.attempts >= maxAttempts);
    for (const p of exhausted) {
      result.batchItemFailures.push({
        itemIdentifier: p.record.dynamodb?.SequenceNumber ?? p.record.eventID ?? '',
      });
    }
    if (pending.length > 0) await sleep((deps.backoffMs ?? 100) * 2 ** (pending[0]!.attempts - 1));
  }
  return result;
}

/** A batch's result as a log line and metrics: the Lambda adapter and the local runtime say the same. */
export function observePublished(telemetry: Telemetry, result: PublishResult): void {
  const { published, deadLettered } = result;
  const failed = result.batchItemFailures.length;
  // The local poller also hands over batches with no outbox row in them: nothing to say about those.
  if (published + deadLettered + failed === 0) return;
  telemetry.count(METRIC.eventsPublished, published);
  telemetry.count(METRIC.publishFailures, failed);
  if (deadLettered > 0) telemetry.count(METRIC.deadLetters, deadLettered, { stage: 'publisher' });
  telemetry.log(failed + deadLettered > 0 ? 'warn' : 'info', 'Published outbox records', {
    published,
    deadLettered,
    failed,
  });
}

/** One PutEvents call; a rejected call counts as every entry failing. */
async function send(
  bus: EventSink,
  entries: PutEventsRequestEntry[],
): Promise<(PutEventsResultEntry | undefined)[]> {
  try {
    const response = await bus.putEvents(entries);
    return entries.map((_, i) => response.Entries?.[i]);
  } catch {
    return entries.map(() => undefined);
  }
}

export function isOutboxInsert(record: OutboxStreamRecord): boolean {
  return record.eventName === 'INSERT' && record.dynamodb?.NewImage?.itemType?.S === 'OUTBOX';
}

/** The PutEvents entry for an outbox record, or why it cannot be published. */
export function toEntry(record: OutboxStreamRecord, busName: string): PutEventsRequestEntry | string {
  try {
    const row = fromAttributes<{ source: string; detailType: string; detail: string }>(
      record.dynamodb?.NewImage ?? {},
    );
    const definition = definitionOf(row.source, row.detailType);
    if (!definition) return `unknown event type ${row.source}/${row.detailType}`;
    const detail = JSON.parse(row.detail);
    const checked = envelopeSchema(definition).safeParse(detail);
    if (!checked.success)
      return `detail does not match the catalog schema: ${checked.error.message.slice(0, 500)}`;
    if (Buffer.byteLength(row.detail) > 250_000) return 'detail is larger than EventBridge accepts';
    return {
      EventBusName: busName,
      Source: row.source,
      DetailType: row.detailType,
      Detail: row.detail,
      Time: new Date(detail.metadata.occurredAt),
    };
  } catch (error) {
    return `unreadable outbox record: ${(error as Error).message}`;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
