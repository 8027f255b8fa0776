/**
 * What a persisted local runtime (`--persist`) keeps in its data folder across restarts, besides the
 * table: the publisher's dead letters, the bus archive; and how it starts when a crash left the stream
 * checkpoint unreadable. Runtimes here share the run's DynamoDB Local and keep their files in a temp folder.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../services/local/runtime.ts';
import { toAttributes } from '../../services/shared/store/codec.ts';
import { keys } from '../../services/shared/store/keys.ts';
import { dynamoEndpoint } from '../support/store.ts';

const started: LocalRuntime[] = [];

afterEach(async () => {
  for (const runtime of started.splice(0)) await runtime.stop();
});

/** A persisted runtime on the shared DynamoDB Local: `dataDir` holds its own files. */
async function persistedRuntime(dataDir: string, tableName: string): Promise<LocalRuntime> {
  const runtime = await startLocalRuntime({
    endpoint: dynamoEndpoint(),
    tableName,
    dataDir,
    keysDir: join(dataDir, 'keys'),
    port: 0,
    clockStart: new Date('2020-03-31T10:00:00+08:00'),
    sweepIntervalMs: 3_600_000,
    pollIntervalMs: 20,
    busRetryBaseMs: 5,
  });
  started.push(runtime);
  return runtime;
}

const folder = () => mkdtempSync(join(tmpdir(), 'clearwater-persist-'));
const table = (label: string) => `${label}-${randomBytes(4).toString('hex')}`;

describe('A persisted local runtime', () => {
  it('lists the publisher’s dead letters again after a restart', async () => {
    const dataDir = folder();
    const tableName = table('persist-dead-letters');
    const first = await persistedRuntime(dataDir, tableName);
    await first.store.db.send(
      new PutItemCommand({
        TableName: tableName,
        Item: toAttributes({
          ...keys.outbox('poison-1'),
          itemType: 'OUTBOX',
          eventId: 'poison-1',
          source: 'clearwater.plan',
          detailType: 'TaskProgressReported',
          detail: '{"metadata": {"eventId": "poison-1"',
          occurredAt: '2020-03-31T02:00:00.000Z',
        }),
      }),
    );
    await first.settle();
    expect(first.publisherDeadLetters.map((d) => d.reason)).toEqual([
      expect.stringMatching(/unreadable outbox record/),
    ]);
    // Stopped here and again by afterEach: a second stop must release nothing twice.
    await first.stop();

    const second = await persistedRuntime(dataDir, tableName);
    const listed = (await (await fetch(`${second.url}/_local/dead-letters`)).json()) as {
      publisher: { reason: string; record: { dynamodb: { NewImage: { eventId: { S: string } } } } }[];
    };

    expect(listed.publisher.map((d) => [d.record.dynamodb.NewImage.eventId.S, d.reason])).toEqual([
      ['poison-1', expect.stringMatching(/unreadable outbox record/)],
    ]);
    // Checkpointed past it: the restart did not dead-letter it a second time.
    expect(second.publisherDeadLetters).toHaveLength(1);
    expect(second.bus.archive.map((e) => e['detail-type'])).toEqual(['PlanImported']);
  });

  it('starts when a crash left the stream checkpoint unreadable, reading the stream from its start', async () => {
    const dataDir = folder();
    const tableName = table('persist-checkpoint');
    const first = await persistedRuntime(dataDir, tableName);
    await first.stop();
    // What a process killed in the middle of a plain writeFileSync leaves behind.
    writeFileSync(join(dataDir, `stream-checkpoint-${tableName}.json`), '{"shardId-0000');

    const second = await persistedRuntime(dataDir, tableName);

    // Read again from the start: the plan's import is published a second time (a repeat, not a loss).
    expect(second.bus.archive.filter((e) => e['detail-type'] === 'PlanImported')).toHaveLength(2);
  });
});
