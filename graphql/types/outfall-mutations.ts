/** Mutations of the outfall register: register, correct, publish, and the 查测溯治 steps. */
import type { ImportRecord, ImportResult } from '../../services/outfalls/import.ts';
import { IMPORT_FORMATS, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from '../../services/outfalls/import-limits.ts';
import type { Outfall, Sample } from '../../services/outfalls/model.ts';
import { builder } from '../builder.ts';
import { callerOf, depsOf } from '../context.ts';
import { domainId } from '../ids.ts';
import { lazy } from '../lazy.ts';
import { OutfallCategoryEnum, OutfallRef, RemediationMeasureEnum, SampleRef } from './outfalls.ts';

// Loaded on a mutation's first call (graphql/commands.ts): cold starts do not parse the commands. The bulk
// import (csv-parse) is a chunk of its own, loaded by the import alone.
const {
  completeOutfallRemediation,
  mergeOutfall,
  planOutfallRemediation,
  recordOutfallGate,
  recordOutfallSample,
  registerOutfall,
  retainOutfall,
  sealOutfall,
  setOutfallDisclosure,
  traceOutfall,
  updateOutfall,
} = lazy(() => import('../commands.ts'));
const { importOutfalls, rollbackOutfallImport } = lazy(() => import('../../services/outfalls/import.ts'));

/** GraphQL sends omitted optional fields as null; the domain's schemas expect them absent (deeply). */
export function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => [k, stripNulls(v)]),
    );
  }
  return value;
}

/** The input with its outfall id argument read as a global or plain id. */
function withOutfallId(input: object & { outfallId?: unknown }, field = 'input.outfallId') {
  const clean = stripNulls(input) as Record<string, unknown>;
  if (typeof clean.outfallId === 'string') clean.outfallId = domainId(clean.outfallId, 'Outfall', field);
  return clean;
}

const OUTFALL_ID = 'The outfall’s global id (`Outfall:<id>`) or plain id; at most 64 characters.';

const LocationInput = builder.inputType('LocationInput', {
  description: 'WGS-84 degrees: longitude −180…180, latitude −90…90.',
  fields: (t) => ({ longitude: t.float({ required: true }), latitude: t.float({ required: true }) }),
});

const PermitInput = builder.inputType('DischargePermitInput', {
  fields: (t) => ({
    number: t.string({ required: true, description: 'At most 60 characters.' }),
    holder: t.string({ required: true, description: 'At most 100 characters.' }),
    validFrom: t.string({ description: 'YYYY-MM-DD.' }),
    validUntil: t.string({ description: 'YYYY-MM-DD.' }),
  }),
});

const DischargerInput = builder.inputType('DischargerInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'At most 100 characters.' }),
    creditCode: t.string({ description: 'The 18-character unified social credit code (统一社会信用代码).' }),
  }),
});

const PersonInput = builder.inputType('ResponsiblePersonInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'At most 50 characters.' }),
    title: t.string({ description: 'At most 50 characters.' }),
    phone: t.string({ description: 'At most 30 characters.' }),
  }),
});

const AttachmentInput = builder.inputType('OutfallAttachmentInput', {
  fields: (t) => ({
    kind: t.string({ required: true, description: 'DOCUMENT or PHOTO.' }),
    ref: t.string({ required: true, description: 'Where the file is kept; at most 500 characters.' }),
    title: t.string({ description: 'At most 200 characters.' }),
  }),
});

const LimitInput = builder.inputType('DischargeLimitInput', {
  fields: (t) => ({
    parameter: t.string({ required: true, description: 'e.g. COD, NH3_N, TP, PH.' }),
    max: t.float(),
    min: t.float(),
    unit: t.string({ required: true, description: 'e.g. mg/L; pH for pH.' }),
  }),
});

type InputFields = Parameters<NonNullable<Parameters<typeof builder.inputType>[1]['fields']>>[0];

const detailFields = (t: InputFields, required: boolean) => ({
  name: t.string({ required, description: 'At most 100 characters.' }),
  waterBody: t.string({
    required,
    description: 'One of the district’s water bodies (settings), e.g. 涑水河, 姚暹渠.',
  }),
  townshipUnitId: t.id({ description: 'A township unit id, e.g. xiezhou (at most 63 characters).' }),
  village: t.string({
    description: 'Administrative village (行政村), at most 50 characters; required for rural outlets.',
  }),
  location: t.field({ type: LocationInput, required }),
  category: t.field({ type: OutfallCategoryEnum, required }),
  permit: t.field({ type: PermitInput }),
  dischargers: t.field({ type: [DischargerInput], description: 'At most 50.' }),
  responsibleUnitId: t.id({ required, description: 'A unit id of the district (at most 63 characters).' }),
  responsiblePerson: t.field({ type: PersonInput }),
  attachments: t.field({ type: [AttachmentInput], description: 'Documents and photos; at most 50.' }),
  notes: t.string({ description: 'Internal, never published; at most 2000 characters.' }),
  limits: t.field({
    type: [LimitInput],
    description: 'This outfall’s own limits, over its category’s; at most 30.',
  }),
});

const RegisterOutfallInput = builder.inputType('RegisterOutfallInput', {
  fields: (t) => ({
    code: t.string({
      required: true,
      description: 'Unique in the district, in its code format (settings); never ":" or "#".',
    }),
    ...detailFields(t, true),
    disclosed: t.boolean({ description: 'Publish on the public register now (default false).' }),
    villageExceptionReason: t.string({
      description:
        'Supervisor only: why a second rural outfall in this village is accepted (at most 500 characters).',
    }),
  }),
});

const UpdateOutfallInput = builder.inputType('UpdateOutfallInput', {
  fields: (t) => ({
    outfallId: t.id({ required: true, description: OUTFALL_ID }),
    ...detailFields(t, false),
    expectedVersion: t.int(),
  }),
});

/** GraphQL limits come as a list; the domain keeps them by parameter. */
function domainDetails(input: Record<string, unknown>) {
  const { limits, villageExceptionReason, ...rest } = input as {
    limits?: { parameter: string; max?: number; min?: number; unit: string }[];
    villageExceptionReason?: string;
  };
  return {
    ...rest,
    ...(limits
      ? { limits: Object.fromEntries(limits.map(({ parameter, ...l }) => [parameter.toUpperCase(), l])) }
      : {}),
    ...(villageExceptionReason !== undefined ? { villageException: { reason: villageExceptionReason } } : {}),
  };
}

const SampleValueInput = builder.inputType('SampleValueInput', {
  fields: (t) => ({
    parameter: t.string({ required: true, description: 'e.g. COD, NH3_N, TP, TN, PH, CD, CR6.' }),
    value: t.float({ required: true }),
    unit: t.string({ required: true, description: 'The unit of its limit, e.g. mg/L (pH: pH).' }),
  }),
});

const RecordSampleInput = builder.inputType('RecordOutfallSampleInput', {
  fields: (t) => ({
    outfallId: t.id({ required: true, description: OUTFALL_ID }),
    sampledAt: t.field({ type: 'DateTime', required: true }),
    sampledBy: t.string({ required: true, description: 'At most 100 characters.' }),
    lab: t.string({ required: true, description: 'At most 100 characters.' }),
    values: t.field({ type: [SampleValueInput], required: true, description: '1 to 50 values.' }),
    note: t.string({ description: 'At most 2000 characters.' }),
  }),
});

const SourceInput = builder.inputType('OutfallSourceInput', {
  fields: (t) => ({
    description: t.string({ required: true, description: 'The inlet or pipe; at most 200 characters.' }),
    discharger: t.field({ type: DischargerInput }),
    ownerless: t.boolean({ description: 'Nobody answers for this inlet (it must be sealed).' }),
  }),
});

const TraceInput = builder.inputType('TraceOutfallInput', {
  fields: (t) => ({
    outfallId: t.id({ required: true, description: OUTFALL_ID }),
    sources: t.field({
      type: [SourceInput],
      required: true,
      description: '1 to 100 sources, each identified.',
    }),
    findings: t.string({ description: 'At most 2000 characters.' }),
    expectedVersion: t.int(),
  }),
});

const MergeTargetInput = builder.inputType('MergeTargetInput', {
  description: 'Either an outfall (its id) or a sewer (its name).',
  fields: (t) => ({
    outfallId: t.id({ description: OUTFALL_ID }),
    sewer: t.string({ description: 'At most 200 characters.' }),
  }),
});

const PlanInput = builder.inputType('PlanOutfallRemediationInput', {
  fields: (t) => ({
    outfallId: t.id({ required: true, description: OUTFALL_ID }),
    measure: t.field({ type: RemediationMeasureEnum, required: true }),
    dueAt: t.field({ type: 'DateTime', required: true }),
    description: t.string({ required: true, description: 'At most 2000 characters.' }),
    mergeInto: t.field({ type: MergeTargetInput, description: 'Required for MERGE_CONNECT, and only then.' }),
    sealOwnerlessInlets: t.boolean({ description: 'Required (true) when tracing found ownerless inlets.' }),
    expectedVersion: t.int(),
  }),
});

const CompleteInput = builder.inputType('CompleteOutfallRemediationInput', {
  fields: (t) => ({
    outfallId: t.id({ required: true, description: OUTFALL_ID }),
    note: t.string({ required: true, description: 'At most 2000 characters.' }),
    attachments: t.field({ type: [AttachmentInput], description: 'At most 20.' }),
    expectedVersion: t.int(),
  }),
});

const RetainInput = builder.inputType('RetainOutfallInput', {
  fields: (t) => ({
    outfallId: t.id({ required: true, description: OUTFALL_ID }),
    signboard: t.string({ description: 'The signboard (标志牌) number or photo; at most 200 characters.' }),
    archiveRef: t.string({ description: 'The archive (档案) reference; at most 200 characters.' }),
    responsiblePerson: t.field({ type: PersonInput }),
    expectedVersion: t.int(),
  }),
});

const SealInput = builder.inputType('SealOutfallInput', {
  fields: (t) => ({
    outfallId: t.id({ required: true, description: OUTFALL_ID }),
    note: t.string({ required: true, description: 'At most 2000 characters.' }),
    expectedVersion: t.int(),
  }),
});

const MergeInput = builder.inputType('MergeOutfallInput', {
  fields: (t) => ({
    outfallId: t.id({ required: true, description: OUTFALL_ID }),
    note: t.string({ description: 'At most 2000 characters.' }),
    expectedVersion: t.int(),
  }),
});

const GateInput = builder.inputType('RecordOutfallGateInput', {
  fields: (t) => ({
    outfallId: t.id({ required: true, description: OUTFALL_ID }),
    open: t.boolean({ required: true }),
    observedAt: t.field({ type: 'DateTime', description: 'Default: now.' }),
    note: t.string({ description: 'At most 500 characters.' }),
  }),
});

const DisclosureInput = builder.inputType('SetOutfallDisclosureInput', {
  fields: (t) => ({
    outfallId: t.id({ required: true, description: OUTFALL_ID }),
    disclosed: t.boolean({ required: true }),
    expectedVersion: t.int(),
  }),
});

const RecordedSampleRef = builder
  .objectRef<{ sample: Sample; outfall: Outfall }>('RecordedOutfallSample')
  .implement({
    fields: (t) => ({
      sample: t.field({ type: SampleRef, resolve: (r) => r.sample }),
      outfall: t.field({ type: OutfallRef, resolve: (r) => r.outfall }),
    }),
  });

const officers = { $any: { supervisor: true, unitOfficer: true } };
const investigators = { $any: { supervisor: true, enforcementOfficer: true } };
const gateKeepers = { $any: { supervisor: true, unitOfficer: true, enforcementOfficer: true } };

builder.mutationFields((t) => ({
  registerOutfall: t.withAuth(officers).field({
    type: OutfallRef,
    description:
      'Enters an outfall in the register (查). Its annex item follows from its category and permit, with that item’s deadline.',
    args: { input: t.arg({ type: RegisterOutfallInput, required: true }) },
    resolve: (_r, { input }, ctx) =>
      registerOutfall(
        depsOf(ctx),
        callerOf(ctx),
        domainDetails(stripNulls(input) as Record<string, unknown>),
      ),
  }),
  updateOutfall: t.withAuth(officers).field({
    type: OutfallRef,
    description:
      'Corrects details (the code never changes). A new category or permit moves it to its new annex item.',
    args: { input: t.arg({ type: UpdateOutfallInput, required: true }) },
    resolve: (_r, { input }, ctx) =>
      updateOutfall(depsOf(ctx), callerOf(ctx), domainDetails(withOutfallId(input))),
  }),
  setOutfallDisclosure: t.withAuth(officers).field({
    type: OutfallRef,
    description: 'Publishes the outfall on the public register (A10), or withdraws it.',
    args: { input: t.arg({ type: DisclosureInput, required: true }) },
    resolve: (_r, { input }, ctx) => setOutfallDisclosure(depsOf(ctx), callerOf(ctx), withOutfallId(input)),
  }),
  recordOutfallSample: t.withAuth(investigators).field({
    type: RecordedSampleRef,
    description:
      'Records a sample (测); the first makes the outfall MONITORED. Exceedances emit OutfallExceedanceDetected.',
    args: { input: t.arg({ type: RecordSampleInput, required: true }) },
    resolve: (_r, { input }, ctx) => recordOutfallSample(depsOf(ctx), callerOf(ctx), withOutfallId(input)),
  }),
  traceOutfall: t.withAuth(investigators).field({
    type: OutfallRef,
    description: 'Records every source behind the outfall (溯): each with its discharger, or ownerless.',
    args: { input: t.arg({ type: TraceInput, required: true }) },
    resolve: (_r, { input }, ctx) => traceOutfall(depsOf(ctx), callerOf(ctx), withOutfallId(input)),
  }),
  planOutfallRemediation: t.withAuth(officers).field({
    type: OutfallRef,
    description: 'Sets the outfall’s one plan (一口一策).',
    args: { input: t.arg({ type: PlanInput, required: true }) },
    resolve: (_r, { input }, ctx) => {
      const clean = withOutfallId(input);
      const into = clean.mergeInto as { outfallId?: string } | undefined;
      if (into?.outfallId) into.outfallId = domainId(into.outfallId, 'Outfall', 'input.mergeInto.outfallId');
      return planOutfallRemediation(depsOf(ctx), callerOf(ctx), clean);
    },
  }),
  completeOutfallRemediation: t.withAuth(officers).field({
    type: OutfallRef,
    description: 'The plan was carried out (治): REMEDIATED.',
    args: { input: t.arg({ type: CompleteInput, required: true }) },
    resolve: (_r, { input }, ctx) =>
      completeOutfallRemediation(depsOf(ctx), callerOf(ctx), withOutfallId(input)),
  }),
  retainOutfall: t.withAuth(officers).field({
    type: OutfallRef,
    description:
      'Keeps a remediated outfall: signboard, archive and a named responsible person must all be recorded.',
    args: { input: t.arg({ type: RetainInput, required: true }) },
    resolve: (_r, { input }, ctx) => retainOutfall(depsOf(ctx), callerOf(ctx), withOutfallId(input)),
  }),
  sealOutfall: t.withAuth(officers).field({
    type: OutfallRef,
    description: 'Ends an outfall planned ABOLISH_SEAL: sealed.',
    args: { input: t.arg({ type: SealInput, required: true }) },
    resolve: (_r, { input }, ctx) => sealOutfall(depsOf(ctx), callerOf(ctx), withOutfallId(input)),
  }),
  mergeOutfall: t.withAuth(officers).field({
    type: OutfallRef,
    description: 'Ends an outfall planned MERGE_CONNECT: merged into the outfall or sewer its plan names.',
    args: { input: t.arg({ type: MergeInput, required: true }) },
    resolve: (_r, { input }, ctx) => mergeOutfall(depsOf(ctx), callerOf(ctx), withOutfallId(input)),
  }),
  recordOutfallGate: t.withAuth(gateKeepers).field({
    type: OutfallRef,
    description:
      'Records a gate seen open or closed (A3, A7); open outside the flood season emits OutfallGateViolation.',
    args: { input: t.arg({ type: GateInput, required: true }) },
    resolve: (_r, { input }, ctx) => recordOutfallGate(depsOf(ctx), callerOf(ctx), withOutfallId(input)),
  }),
}));

const ImportFormatEnum = builder.enumType('OutfallImportFormat', { values: IMPORT_FORMATS });

const ImportResultRef = builder.objectRef<ImportResult>('OutfallImportResult').implement({
  fields: (t) => ({
    importId: t.exposeString('importId', { nullable: true, description: 'Absent for a dry run.' }),
    dryRun: t.exposeBoolean('dryRun'),
    rowCount: t.exposeInt('rowCount', { description: 'Rows read, all valid.' }),
    written: t.exposeInt('written', { description: 'Outfalls written: every row, or none (a dry run).' }),
    byAnnexItem: t.field({
      type: 'JSON',
      description: 'How many rows each annex item governs.',
      resolve: (r) => r.byAnnexItem,
    }),
  }),
});

const ImportRecordRef = builder.objectRef<ImportRecord>('OutfallImport').implement({
  fields: (t) => ({
    importId: t.exposeString('importId'),
    status: t.exposeString('status', { description: 'RUNNING, COMPLETED or ROLLED_BACK.' }),
    rowCount: t.exposeInt('rowCount'),
    deleted: t.exposeInt('deleted', { nullable: true, description: 'Items removed by the rollback.' }),
  }),
});

builder.mutationFields((t) => ({
  importOutfalls: t.withAuth(officers).field({
    type: ImportResultRef,
    description:
      `Imports an inspection register, all or nothing. \`document\`: CSV with a header row (English field names or ` +
      `Chinese titles such as 编码, 名称, 受纳水体, 乡镇, 经度, 纬度, 类别, 责任单位) or JSON (a list of RegisterOutfallInput, ` +
      `or { "outfalls": [...] }); at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB and ${MAX_IMPORT_ROWS} rows. Every row ` +
      'is validated first; with any problem nothing is written and BAD_USER_INPUT lists every problem with its row and ' +
      'line (`extensions.problems`). `dryRun`: validate only. A unit officer may import only outfalls of their units.',
    args: {
      document: t.arg.string({ required: true }),
      format: t.arg({ type: ImportFormatEnum, required: true }),
      dryRun: t.arg.boolean({ defaultValue: false }),
    },
    resolve: (_r, args, ctx) =>
      importOutfalls(depsOf(ctx), callerOf(ctx), args.document, {
        format: args.format,
        dryRun: args.dryRun ?? false,
      }),
  }),
  rollbackOutfallImport: t.withAuth({ supervisor: true }).field({
    type: ImportRecordRef,
    description: 'Removes what an import interrupted by a crash (still RUNNING) wrote. Supervisor only.',
    args: { importId: t.arg.string({ required: true, description: 'At most 64 characters.' }) },
    resolve: (_r, { importId }, ctx) =>
      rollbackOutfallImport(depsOf(ctx), callerOf(ctx), importId.slice(0, 64)),
  }),
}));
