/**
 * Local stand-in for the Lambda event source mapping: reads the table's stream from DynamoDB Local
 * and feeds batches to the same publisher the Lambda runs. Failed records are retried from the
 * lowest failed sequence number (as Lambda does with ReportBatchItemFailures) and, after
 * `maxAttempts`, handed to `onGiveUp` and skipped, so one bad record never blocks the rest.
 */
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { OutboxStreamRecord } from '../events/publisher.ts';

export interface StreamPollerOptions {
  db: DynamoDBClient;
  endpoint: string;
  tableName: string;
  handle: (records: OutboxStreamRecord[]) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
  onGiveUp?: (record: OutboxStreamRecord, attempts: number) => Promise<void>;
  maxAttempts?: number;
  intervalMs?: number;
  /** Sequence number per shard already handled (from a previous run with persisted data). */
  checkpoint?: Record<string, string>;
  onCheckpoint?: (checkpoint: Record<string, string>) => void;
  log?: (message: string, context?: Record<string, unknown>) => void;
}

interface ShardState {
  iterator?: string;
  finished: boolean;
}

export class StreamPoller {
  private readonly streams: DynamoDBStreamsClient;
  private readonly shards = new Map<string, ShardState>();
  private readonly checkpoint: Record<string, string>;
  private readonly attempts = new Map<string, number>();
  private streamArn?: string;
  private timer?: NodeJS.Timeout;
  private running: Promise<number> = Promise.resolve(0);
  /** A failed record is waiting to be read again. */
  private retryPending = false;
  private stopped = false;

  constructor(private readonly options: StreamPollerOptions) {
    this.streams = new DynamoDBStreamsClient({
      endpoint: options.endpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    this.checkpoint = { ...options.checkpoint };
  }

  start(): void {
    this.stopped = false;
    const tick = async () => {
      try {
        await this.pollOnce();
      } catch (error) {
        this.options.log?.('Stream poll failed; retrying', { error: String(error) });
      }
      if (!this.stopped) this.timer = setTimeout(tick, this.options.intervalMs ?? 100);
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running.catch(() => 0);
    this.streams.destroy();
  }

  /** Reads and handles what is on the stream now; returns the number of records handled. Serialised. */
  pollOnce(): Promise<number> {
    this.running = this.running.catch(() => 0).then(() => this.readAll());
    return this.running;
  }

  /** Polls until a pass finds nothing new and no failed record waits for its retry. */
  async drain(): Promise<void> {
    while ((await this.pollOnce()) > 0 || this.retryPending) {
      // keep reading: handlers may have written more outbox rows
    }
  }

  private async readAll(): Promise<number> {
    await this.refreshShards();
    this.retryPending = false;
    let handled = 0;
    for (const [shardId, state] of this.shards) {
      if (!state.finished) handled += await this.readShard(shardId, state);
    }
    return handled;
  }

  private async refreshShards(): Promise<void> {
    if (!this.streamArn) {
      const { Table } = await this.options.db.send(
        new DescribeTableCommand({ TableName: this.options.tableName }),
      );
      this.streamArn = Table?.LatestStreamArn;
      if (!this.streamArn) throw new Error(`Table ${this.options.tableName} has no stream`);
    }
    const { StreamDescription } = await this.streams.send(
      new DescribeStreamCommand({ StreamArn: this.streamArn }),
    );
    for (const shard of StreamDescription?.Shards ?? []) {
      if (shard.ShardId && !this.shards.has(shard.ShardId))
        this.shards.set(shard.ShardId, { finished: false });
    }
  }

  private async readShard(shardId: string, state: ShardState): Promise<number> {
    if (!state.iterator) state.iterator = await this.firstIterator(shardId);
    let handled = 0;
    while (state.iterator) {
      const { Records = [], NextShardIterator } = await this.streams.send(
        new GetRecordsCommand({ ShardIterator: state.iterator, Limit: 100 }),
      );
      if (Records.length === 0) {
        state.iterator = NextShardIterator;
        if (!NextShardIterator) state.finished = true;
        return handled;
      }
      const done = await this.handleBatch(shardId, Records);
      handled += done.handled;
      if (done.retryFrom) {
        this.retryPending = true;
        // Re-read from the failed record next pass, like the Lambda event source mapping.
        const { ShardIterator } = await this.streams.send(
          new GetShardIteratorCommand({
            StreamArn: this.streamArn,
            ShardId: shardId,
            ShardIteratorType: 'AT_SEQUENCE_NUMBER',
            SequenceNumber: done.retryFrom,
          }),
        );
        state.iterator = ShardIterator;
        return handled;
      }
      state.iterator = NextShardIterator;
      if (!NextShardIterator) state.finished = true;
    }
    return handled;
  }

  /** After the checkpoint when there is one still on the stream; otherwise from the oldest record. */
  private async firstIterator(shardId: string): Promise<string | undefined> {
    const after = this.checkpoint[shardId];
    const request = (type: 'AFTER_SEQUENCE_NUMBER' | 'TRIM_HORIZON') =>
      this.streams.send(
        new GetShardIteratorCommand({
          StreamArn: this.streamArn,
          ShardId: shardId,
          ShardIteratorType: type,
          ...(type === 'AFTER_SEQUENCE_NUMBER' ? { SequenceNumber: after } : {}),
        }),
      );
    if (after) {
      try {
        return (await request('AFTER_SEQUENCE_NUMBER')).ShardIterator;
      } catch (error) {
        this.options.log?.('Checkpoint no longer on the stream; reading from its start', {
          shardId,
          error: String(error),
        });
      }
    }
    return (await request('TRIM_HORIZON')).ShardIterator;
  }

  private async handleBatch(
    shardId: string,
    records: StreamRecord[],
  ): Promise<{ handled: number; retryFrom?: string }> {
    const batch = records as OutboxStreamRecord[];
    const { batchItemFailures } = await this.options.handle(batch);
    const failed = new Set(batchItemFailures.map((f) => f.itemIdentifier));
    const firstFailed = batch.findIndex((r) => failed.has(r.dynamodb?.SequenceNumber ?? ''));
    if (firstFailed === -1) {
      for (const r of batch) this.attempts.delete(r.dynamodb?.SequenceNumber ?? '');
      this.advance(shardId, batch.at(-1));
      return { handled: batch.length };
    }
    const record = batch[firstFailed] as OutboxStreamRecord;
    const sequence = record.dynamodb?.SequenceNumber as string;
    const attempts = (this.attempts.get(sequence) ?? 0) + 1;
    this.attempts.set(sequence, attempts);
    if (attempts >= (this.options.maxAttempts ?? 5)) {
      this.options.log?.('Giving up on a stream record', { sequence, attempts });
      await this.options.onGiveUp?.(record, attempts);
      this.attempts.delete(sequence);
      this.advance(shardId, record);
      const rest = batch.slice(firstFailed + 1);
      return { handled: firstFailed + 1, retryFrom: rest[0]?.dynamodb?.SequenceNumber };
    }
    this.advance(shardId, batch[firstFailed - 1]);
    return { handled: firstFailed, retryFrom: sequence };
  }

  private advance(shardId: string, record: OutboxStreamRecord | undefined): void {
    const sequence = record?.dynamodb?.SequenceNumber;
    if (!sequence) return;
    this.checkpoint[shardId] = sequence;
    this.options.onCheckpoint?.({ ...this.checkpoint });
  }
}
