/**
 * Bulk import of an inspection register against DynamoDB Local: every row validated before anything is
 * written, every problem returned with its line, dry runs, imports larger than one transaction, and the
 * rollback that leaves nothing when a transaction fails part way.
 */
import { PutItemCommand, type ServiceInputTypes, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ImportRejectedError,
  importOutfalls,
  rollbackOutfallImport,
} from '../../services/outfalls/import.ts';
import { readStats } from '../../services/outfalls/repository.ts';
import { importPlan } from '../../services/plan/import.ts';
import yanhu from '../../services/plan/plans/yanhu-2020.json' with { type: 'json' };
import { type Actor, systemActor } from '../../services/shared/auth/principal.ts';
import { FixedClock } from '../../services/shared/clock.ts';
import type { Caller } from '../../services/shared/commands/kit.ts';
import type { Store } from '../../services/shared/store/client.ts';
import { fromAttributes } from '../../services/shared/store/codec.ts';
import { createTestStore } from '../support/store.ts';
import { snapshot } from './plan-fixtures.ts';

const supervisor: Caller = {
  actor: { kind: 'USER', id: 'office-1', roles: ['SUPERVISOR'], unitId: 'yanhu-gov-office' },
  correlationId: 'import-test',
};
const officer = (unitId: string): Caller => ({
  actor: { kind: 'USER', id: `officer-${unitId}`, roles: ['UNIT_OFFICER'], unitId } satisfies Actor,
  correlationId: 'import-test',
});

const HEADER = '编码,名称,受纳水体,乡镇,行政村,经度,纬度,类别,责任单位,排污单位,公开';
const row = (n: number, extra: Partial<Record<'category' | 'village' | 'unit' | 'water', string>> = {}) =>
  [
    `IMP-${String(n).padStart(5, '0')}`,
    `示例排口${n}（虚构）`,
    extra.water ?? (n % 2 ? '涑水河' : '姚暹渠'),
    '解州镇',
    extra.village ?? '',
    '110.9',
    '34.9',
    extra.category ?? '城镇雨水排口',
    extra.unit ?? '盐湖区住房和城乡建设局',
    '示例公司|91140802MA0K000001;张某',
    n % 3 ? '否' : '是',
  ].join(',');
const csv = (rows: string[]) => `${HEADER}\n${rows.join('\n')}\n`;

function rejected(error: unknown) {
  expect(error).toBeInstanceOf(ImportRejectedError);
  return (error as ImportRejectedError).problems as {
    field: string;
    message: string;
    line?: number;
    row?: number;
  }[];
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

describe('Outfall import', () => {
  let store: Store;
  let deps: { store: Store; clock: FixedClock };

  beforeAll(async () => {
    store = await createTestStore('outfall-import');
    deps = { store, clock: new FixedClock(new Date('2020-04-10T09:00:00+08:00')) };
    await importPlan(deps, { actor: systemActor('test'), correlationId: 'setup' }, yanhu);
  });

  it('checks a register in a dry run and writes nothing', async () => {
    const before = await snapshot(store);

    const result = await importOutfalls(deps, supervisor, csv([row(1), row(2), row(3)]), {
      format: 'CSV',
      dryRun: true,
    });

    expect(result).toEqual({ dryRun: true, rowCount: 3, written: 0, byAnnexItem: { A6: 3 } });
    expect(await snapshot(store)).toEqual(before);
  });

  it('returns every bad row’s problems with its line, and writes nothing', async () => {
    const before = await snapshot(store);
    const document = csv([
      row(1),
      row(2, { water: '黄河' }),
      '"IMP-00003","名称带""引号""，且跨行\n第二行",黄河,解州镇,,abc,34.9,城镇雨水排口,区住建局,,否',
      row(1),
      row(5, { category: 'SCATTERED_RURAL_DOMESTIC', village: '' }),
      row(6, { unit: '不存在的单位' }),
    ]);

    const problems = rejected(await caught(importOutfalls(deps, supervisor, document, { format: 'CSV' })));

    expect(problems.map((p) => [p.line, p.field])).toEqual([
      [3, 'document.rows.2.waterBody'],
      [5, 'document.rows.3.location.longitude'],
      [5, 'document.rows.3.waterBody'],
      [6, 'document.rows.4.code'],
      [7, 'document.rows.5.village'],
      [8, 'document.rows.6.responsibleUnitId'],
    ]);
    expect(problems[3]?.message).toContain('line 2');
    expect(await snapshot(store)).toEqual(before);
  });

  it('refuses unknown columns and unreadable CSV, naming the line', async () => {
    const unknown = rejected(
      await caught(importOutfalls(deps, supervisor, '编码,颜色\nA-1,红\n', { format: 'CSV' })),
    );
    const broken = rejected(
      await caught(importOutfalls(deps, supervisor, `${HEADER}\n"IMP-1,未闭合\n`, { format: 'CSV' })),
    );

    expect(unknown[0]).toMatchObject({ field: 'document.header.1', line: 1 });
    expect(broken[0]?.field).toBe('document');
    expect(broken[0]?.message).toMatch(/not readable as CSV/);
  });

  it('imports more rows than one transaction holds, all of them, with the counters moved once', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => row(100 + i));

    const result = await importOutfalls(deps, supervisor, csv(rows), { format: 'CSV' });

    expect(result).toMatchObject({ dryRun: false, rowCount: 250, written: 250, byAnnexItem: { A6: 250 } });
    const stats = await readStats(store, 'yanhu');
    const annex = stats.find((s) => s.dimension === 'ANNEX' && s.value === 'A6');
    expect(annex).toMatchObject({ total: 250, IDENTIFIED: 250, disclosed: 83 });
    expect(stats.find((s) => s.dimension === 'WATER_BODY' && s.value === '涑水河')?.total).toBe(125);
  });

  it('refuses rows already in the register, naming the code', async () => {
    const problems = rejected(
      await caught(importOutfalls(deps, supervisor, csv([row(100)]), { format: 'CSV' })),
    );

    expect(problems).toEqual([expect.objectContaining({ field: 'document.rows.1.code', line: 2 })]);
    expect(problems[0]?.message).toContain('IMP-00100');
  });

  it('imports JSON too', async () => {
    const document = JSON.stringify({
      outfalls: [
        {
          code: 'JSON-001',
          name: '示例退水口（虚构）',
          waterBody: '姚暹渠',
          townshipUnitId: 'anyi',
          location: { longitude: 111.0, latitude: 35.0 },
          category: 'IRRIGATION_RETURN',
          responsibleUnitId: 'yanhu-agri',
        },
      ],
    });

    expect(await importOutfalls(deps, supervisor, document, { format: 'JSON' })).toMatchObject({
      written: 1,
      byAnnexItem: { A7: 1 },
    });
  });

  it('refuses a unit officer’s rows of another unit as FORBIDDEN', async () => {
    const error = await caught(
      importOutfalls(deps, officer('yanhu-agri'), csv([row(900)]), { format: 'CSV' }),
    );

    expect(error).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('rolls back every transaction already written when a later one fails, leaving nothing of the import', async () => {
    const before = await snapshot(store);
    let transactions = 0;
    let stolen: Record<string, unknown> | undefined;
    // A registration elsewhere takes one of the codes of the fifth transaction just before it commits.
    const racing: Store = {
      ...store,
      db: {
        send: async (command: { input: ServiceInputTypes }) => {
          if (command instanceof TransactWriteItemsCommand && ++transactions === 6 && !stolen) {
            const code = command.input.TransactItems?.map((i) => i.Put?.Item).find((item) =>
              String(item?.PK?.S).startsWith('OUTFALL-CODE#'),
            );
            stolen = fromAttributes(code as never);
            await store.db.send(
              new PutItemCommand({
                TableName: store.tableName,
                Item: { ...code, outfallId: { S: 'someone-else' } },
              }),
            );
          }
          return store.db.send(command as never);
        },
      } as unknown as Store['db'],
    };

    const error = await caught(
      importOutfalls(
        { ...deps, store: racing },
        supervisor,
        csv(Array.from({ length: 200 }, (_, i) => row(2000 + i))),
        { format: 'CSV' },
      ),
    );

    expect(error).toMatchObject({
      code: 'CONFLICT',
      details: expect.objectContaining({ reason: 'OUTFALL_CODE_TAKEN', rolledBack: true }),
    });
    const after = await snapshot(store);
    const added = after.filter((item) => !before.some((b) => b.PK === item.PK && b.SK === item.SK));
    expect(added.map((item) => [String(item.PK).split('#')[0], item.status ?? item.outfallId])).toEqual([
      ['OUTFALL-CODE', 'someone-else'],
      ['OUTFALL-IMPORT', 'ROLLED_BACK'],
    ]);
    expect(after.filter((item) => before.some((b) => b.PK === item.PK && b.SK === item.SK))).toEqual(before);
    expect(stolen?.code).toMatch(/^IMP-02/);
  });

  it('rolls back only an import still RUNNING', async () => {
    const { importId } = await importOutfalls(deps, supervisor, csv([row(5000)]), { format: 'CSV' });

    const error = await caught(rollbackOutfallImport(deps, supervisor, importId as string));

    expect(error).toMatchObject({ code: 'CONFLICT', details: { reason: 'OUTFALL_IMPORT_NOT_RUNNING' } });
  });
});
