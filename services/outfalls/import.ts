/**
 * Bulk import of an inspection register (CSV or JSON), all or nothing:
 * 1. every row is validated first — its fields, the district's units and code format, codes and village
 *    places already taken, and the file against itself (a code twice, a village twice); with any problem
 *    nothing is written and every row's problems come back with their line numbers;
 * 2. a dry run stops there;
 * 3. the outfalls (with their codes, village places, annex deadlines and audit entries) are written in
 *    transactions of at most 100 items, each with a manifest item listing the keys it wrote;
 * 4. the last transaction marks the import COMPLETED, moves the register's counters by the summed deltas
 *    and emits one OutfallsImported event. If any transaction fails, every item the earlier ones wrote is
 *    deleted (from the manifests), the import is marked ROLLED_BACK, and the error is returned: nothing
 *    of it stays. An import interrupted by a crash stays RUNNING; `rollbackOutfallImport` removes it.
 */
import { TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { outfalls as events } from '../events/catalog/index.ts';
import { hasRole } from '../shared/auth/principal.ts';
import { type Caller, type CommandDeps, unitOfWork } from '../shared/commands/kit.ts';
import { timeOf } from '../shared/deps.ts';
import {
  BadUserInputError,
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
} from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import type { Store } from '../shared/store/client.ts';
import { toAttributes } from '../shared/store/codec.ts';
import { getItem } from '../shared/store/items.ts';
import { type Key, keys } from '../shared/store/keys.ts';
import { queryAll } from '../shared/store/query.ts';
import { MAX_TRANSACTION_ITEMS, type UnitOfWork } from '../shared/store/transaction.ts';
import { Update } from '../shared/store/update.ts';
import { zodProblems } from '../shared/validation.ts';
import type { Unit } from '../units/model.ts';
import { actingUnitsOf, canManageOutfall } from './access.ts';
import { annexItemOf } from './annex.ts';
import { type AnnexContext, loadAnnexContext, openAnnexDeadline } from './annex-deadline.ts';
import { contributionOf } from './change.ts';
import { type ImportFormat, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from './import-limits.ts';
import { csvRows, jsonRows, type RawRow, type RowError } from './import-rows.ts';
import { type Outfall, RegisterOutfallInput } from './model.ts';
import {
  codeProblem,
  detailProblems,
  newOutfall,
  registrationProblems,
  writeRegistration,
} from './registration.ts';
import { applyStats, batchGet, type CodeHolder } from './repository.ts';
import { type OutfallSettings, outfallSettings } from './settings.ts';
import { addChange, type StatsDelta } from './stats.ts';
import { type VillageHolder, villageDecision, villageRuleApplies } from './village.ts';

/** Transactions of one import in flight at once (they touch disjoint items: no conflicts among them). */
const CONCURRENCY = 4;

export interface ImportOptions {
  format: ImportFormat;
  dryRun?: boolean;
}

export interface ImportResult {
  importId?: string;
  dryRun: boolean;
  rowCount: number;
  written: number;
  byAnnexItem: Record<string, number>;
}

/** Every row's problems: nothing was written. */
export class ImportRejectedError extends BadUserInputError {
  constructor(readonly rowErrors: RowError[]) {
    super(
      rowErrors.map((e) => ({
        field: e.row
          ? `document.rows.${e.row}.${e.field}`
          : e.field === 'document'
            ? 'document'
            : `document.${e.field}`,
        message: e.line ? `line ${e.line}: ${e.message}` : e.message,
        ...(e.line ? { line: e.line } : {}),
        ...(e.row ? { row: e.row } : {}),
      })),
    );
    this.message = `The import has ${rowErrors.length} problem(s); nothing was written. ${this.message}`;
  }
}

interface ValidRow {
  row: RawRow;
  input: RegisterOutfallInput;
}

export async function importOutfalls(
  deps: CommandDeps,
  caller: Caller,
  document: string,
  options: ImportOptions,
): Promise<ImportResult> {
  const settings = outfallSettings(deps);
  if (Buffer.byteLength(document, 'utf8') > MAX_IMPORT_BYTES) {
    throw new BadUserInputError([
      { field: 'document', message: `must be at most ${MAX_IMPORT_BYTES} bytes` },
    ]);
  }
  const context = await loadAnnexContext(deps.store, settings);
  const parsed = options.format === 'CSV' ? csvRows(document, context.units) : jsonRows(document);
  if (parsed.rows.length > MAX_IMPORT_ROWS) {
    throw new BadUserInputError([
      { field: 'document', message: `must hold at most ${MAX_IMPORT_ROWS} rows` },
    ]);
  }
  const valid = await validate(deps, caller, parsed.rows, parsed.errors, context, settings);
  const byAnnexItem: Record<string, number> = {};
  for (const { input } of valid) {
    const item = annexItemOf(input.category, !!input.permit);
    byAnnexItem[item] = (byAnnexItem[item] ?? 0) + 1;
  }
  if (options.dryRun) return { dryRun: true, rowCount: valid.length, written: 0, byAnnexItem };
  const importId = await write(deps, caller, valid, context, settings, options.format, byAnnexItem);
  return { importId, dryRun: false, rowCount: valid.length, written: valid.length, byAnnexItem };
}

async function validate(
  deps: CommandDeps,
  caller: Caller,
  rows: RawRow[],
  readErrors: RowError[],
  context: AnnexContext,
  settings: OutfallSettings,
): Promise<ValidRow[]> {
  const errors: RowError[] = [...readErrors];
  const at = (row: RawRow) => ({ row: row.row, ...(row.line ? { line: row.line } : {}) });
  const valid: ValidRow[] = [];
  const units = new Map(context.units.map((u) => [u.id, u]));
  for (const row of rows) {
    const result = RegisterOutfallInput.safeParse(row.input);
    if (result.success) {
      valid.push({ row, input: result.data });
      continue;
    }
    const shape = zodProblems(result.error);
    for (const p of shape) errors.push({ ...at(row), ...p });
    // The district's checks still run on the fields that could be read, so the row's problems come at once.
    for (const p of readableProblems(row.input, units, settings)) {
      if (!shape.some((s) => s.field === p.field)) errors.push({ ...at(row), ...p });
    }
  }
  // Authorization first: a row outside the caller's units refuses the whole import.
  const acting = await actingUnitsOf(deps.store, caller.actor);
  const foreign = valid.filter(
    ({ input }) => !canManageOutfall.allows(caller.actor, { outfall: input, acting }),
  );
  if (foreign.length) {
    throw new ForbiddenError(
      `Rows ${foreign
        .map((v) => v.row.line ?? v.row.row)
        .slice(0, 20)
        .join(', ')} are outfalls of units you do not act for`,
      { action: canManageOutfall.action },
    );
  }
  const { codes, villages } = await takenInStore(deps.store, settings, valid);
  const firstCode = new Map<string, RawRow>();
  const firstVillage = new Map<string, RawRow>();
  for (const { row, input } of valid) {
    for (const p of registrationProblems(
      input,
      {
        units,
        codeHolder: (code) => codes.get(code),
        villageHolder: (township, village) => villages.get(`${township}#${village}`),
      },
      settings,
      caller.actor,
      '',
    )) {
      errors.push({ ...at(row), field: p.field.replace(/^\./, ''), message: p.message });
    }
    const same = firstCode.get(input.code);
    if (same)
      errors.push({
        ...at(row),
        field: 'code',
        message: `code ${input.code} is also on line ${same.line ?? `row ${same.row}`}`,
      });
    else firstCode.set(input.code, row);
    if (
      villageRuleApplies(input.category) &&
      input.townshipUnitId &&
      input.village &&
      !input.villageException
    ) {
      const key = `${input.townshipUnitId}#${input.village}`;
      const other = firstVillage.get(key);
      if (other) {
        errors.push({
          ...at(row),
          field: 'village',
          message: `${input.village} already has a rural outfall on line ${other.line ?? `row ${other.row}`}`,
        });
      } else firstVillage.set(key, row);
    }
  }
  if (errors.length) throw new ImportRejectedError(errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)));
  return valid;
}

/** The district's checks of a row that failed its shape, on the text fields it has. */
function readableProblems(
  input: Record<string, unknown>,
  units: ReadonlyMap<string, Unit>,
  settings: OutfallSettings,
) {
  const text = (field: string) => (typeof input[field] === 'string' ? (input[field] as string) : undefined);
  const code = text('code');
  const problems = detailProblems(
    {
      waterBody: text('waterBody'),
      townshipUnitId: text('townshipUnitId'),
      responsibleUnitId: text('responsibleUnitId'),
    },
    units,
    settings,
    '',
  ).map((p) => ({ ...p, field: p.field.replace(/^\./, '') }));
  const badCode = code ? codeProblem(code, settings) : undefined;
  return badCode ? [{ field: 'code', message: badCode }, ...problems] : problems;
}

/** Codes and village places already held in the store, read in batches of 100. */
async function takenInStore(store: Store, settings: OutfallSettings, rows: ValidRow[]) {
  const codeKeys = rows
    .filter(({ input }) => !codeProblem(input.code, settings))
    .map(({ input }) => keys.outfallCode(settings.district, input.code));
  const villageKeys = rows
    .filter(({ input }) => villageRuleApplies(input.category) && input.townshipUnitId && input.village)
    .map(({ input }) => keys.outfallVillage(input.townshipUnitId as string, input.village as string));
  const [codeItems, villageItems] = await Promise.all([
    batchGet(store, codeKeys),
    batchGet(store, villageKeys),
  ]);
  const codes = new Map(codeItems.map((i) => [String(i.code), i as unknown as CodeHolder]));
  const villages = new Map(
    villageItems.map((i) => [String(i.PK).split('#').slice(1).join('#'), i as unknown as VillageHolder]),
  );
  return { codes, villages };
}

async function write(
  deps: CommandDeps,
  caller: Caller,
  rows: ValidRow[],
  context: AnnexContext,
  settings: OutfallSettings,
  format: ImportFormat,
  byAnnexItem: Record<string, number>,
): Promise<string> {
  const start = unitOfWork(deps, caller);
  const importId = newId(start.context.now);
  const importKey = keys.outfallImport(importId);
  start.put(
    {
      ...importKey,
      itemType: 'OutfallImport',
      importId,
      format,
      status: 'RUNNING',
      rowCount: rows.length,
      startedAt: start.context.now.toISOString(),
      startedBy: caller.actor.id,
    },
    { expression: 'attribute_not_exists(PK)' },
  );
  await start.commit(deps.store);

  const delta: StatsDelta = new Map();
  const chunks: UnitOfWork[] = [];
  let work = unitOfWork(deps, caller);
  for (const { input } of rows) {
    const size = 4 + (villageRuleApplies(input.category) ? 1 : 0);
    if (work.size + size + 1 > MAX_TRANSACTION_ITEMS) {
      chunks.push(work);
      work = unitOfWork(deps, caller);
    }
    const outfall = buildRow(work, input, context, settings, deps, caller, importId);
    addChange(delta, null, contributionOf(outfall));
  }
  if (work.size > 0) chunks.push(work);

  const committed: Key[][] = [];
  let failure: unknown;
  let next = 0;
  const worker = async () => {
    while (next < chunks.length && !failure) {
      const index = next++;
      const chunk = chunks[index] as UnitOfWork;
      const written = chunk.writtenKeys;
      chunk.put({
        ...keys.outfallImportChunk(importId, String(index).padStart(5, '0')),
        itemType: 'OutfallImportChunk',
        keys: written,
      });
      try {
        await chunk.commit(deps.store);
        committed.push(written);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, chunks.length) }, worker));
  if (failure) {
    await rollback(deps.store, importId);
    throw failure instanceof DomainError
      ? new ConflictError(`The import was rolled back, nothing of it stays: ${failure.message}`, {
          ...failure.details,
          importId,
          rolledBack: true,
        })
      : failure;
  }

  const final = unitOfWork(deps, caller);
  final.update(
    importKey,
    new Update().setAll({
      status: 'COMPLETED',
      completedAt: final.context.now.toISOString(),
      written: rows.length,
    }),
    {
      expression: '#status = :running',
      names: { '#status': 'status' },
      values: { ':running': 'RUNNING' },
    },
  );
  const counters = [...delta.entries()];
  // Counters past the final transaction's room (only with very many water bodies and townships) go just before it.
  const room = MAX_TRANSACTION_ITEMS - 4;
  if (counters.length > room) {
    const early = unitOfWork(deps, caller);
    applyStats(early, settings.district, new Map(counters.slice(room)));
    await early.commit(deps.store);
  }
  applyStats(final, settings.district, new Map(counters.slice(0, room)));
  final.audit({
    entityType: 'OutfallImport',
    entityId: importId,
    action: 'IMPORT',
    summary: `Imported ${rows.length} outfalls (${format})`,
    changes: { byAnnexItem },
  });
  final.emit(events.OutfallsImported, { importId, format, count: rows.length, byAnnexItem });
  await final.commit(deps.store);
  return importId;
}

function buildRow(
  work: UnitOfWork,
  input: RegisterOutfallInput,
  context: AnnexContext,
  settings: OutfallSettings,
  deps: CommandDeps,
  caller: Caller,
  importId: string,
): Outfall {
  const id = newId(work.context.now);
  const annexItem = annexItemOf(input.category, !!input.permit);
  const deadline = openAnnexDeadline(work, { ...input, id, annexItem }, context, settings, timeOf(deps));
  // Validation made sure of it: a rural row either takes a free village or carries the supervisor's exception.
  const village = villageDecision(input.category, undefined, false);
  const outfall = newOutfall(
    input,
    id,
    deadline,
    work.context.now,
    caller.actor,
    { place: village.claim && !input.villageException },
    importId,
  );
  writeRegistration(work, outfall, settings.district);
  return outfall;
}

/** Deletes every item an import's committed transactions wrote, and marks it ROLLED_BACK. */
async function rollback(store: Store, importId: string): Promise<number> {
  const manifests = await queryAll<{ SK: string; keys: Key[] }>(store, {
    partition: keys.outfallImportChunk.partition(importId),
    prefix: keys.outfallImportChunk.sortPrefix(),
  });
  const doomed: Key[] = manifests.flatMap((m) => [
    ...m.keys,
    keys.outfallImportChunk(importId, m.SK.slice('CHUNK#'.length)),
  ]);
  for (let i = 0; i < doomed.length; i += MAX_TRANSACTION_ITEMS) {
    await store.db.send(
      new TransactWriteItemsCommand({
        TransactItems: doomed
          .slice(i, i + MAX_TRANSACTION_ITEMS)
          .map((key) => ({ Delete: { TableName: store.tableName, Key: toAttributes(key) } })),
      }),
    );
  }
  await store.db.send(
    new TransactWriteItemsCommand({
      TransactItems: [
        {
          Update: {
            TableName: store.tableName,
            Key: toAttributes(keys.outfallImport(importId)),
            UpdateExpression: 'SET #status = :rolledBack, deleted = :n',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: toAttributes({ ':rolledBack': 'ROLLED_BACK', ':n': doomed.length }),
          },
        },
      ],
    }),
  );
  return doomed.length;
}

export interface ImportRecord {
  importId: string;
  format: ImportFormat;
  status: 'RUNNING' | 'COMPLETED' | 'ROLLED_BACK';
  rowCount: number;
  startedAt: string;
  deleted?: number;
}

/** Removes what an interrupted import (left RUNNING) wrote. A completed import is part of the register. */
export async function rollbackOutfallImport(
  deps: CommandDeps,
  caller: Caller,
  importId: string,
): Promise<ImportRecord> {
  if (!hasRole(caller.actor, 'SUPERVISOR'))
    throw new ForbiddenError('Only the supervisor rolls back an import');
  const record = await getItem<ImportRecord>(deps.store, keys.outfallImport(importId));
  if (!record) throw new NotFoundError('OutfallImport', importId);
  if (record.status !== 'RUNNING') {
    throw new ConflictError(`Import ${importId} is ${record.status}`, {
      reason: 'OUTFALL_IMPORT_NOT_RUNNING',
    });
  }
  const deleted = await rollback(deps.store, importId);
  return { ...record, status: 'ROLLED_BACK', deleted };
}
