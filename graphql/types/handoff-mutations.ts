/**
 * Mutations of the hand-off and joint work, declared as a table: each names its input's fields and the
 * command it runs. The commands parse with zod (the lengths below are theirs) and decide who may act
 * (services/handoffs/access.ts): bureau officers, the head (SUPERVISOR) or police officers, each only on
 * their own steps.
 */
import type { HANDOFF_INPUTS } from '../../services/handoffs/commands.ts';
import { MAX } from '../../services/handoffs/model.ts';
import type { Caller, CommandDeps } from '../../services/shared/commands/kit.ts';
import { builder } from '../builder.ts';
import { callerOf, depsOf } from '../context.ts';
import { lazy } from '../lazy.ts';
import { commandInput } from './case-inputs.ts';
import { ConsultationRef, DocumentKindEnum, HandoffRef, JointInspectionRef } from './handoffs.ts';

const { concludeConsultation, handoffAction, recordJointInspection, scheduleConsultation } = lazy(
  () => import('../commands.ts'),
);

interface Field {
  type: unknown;
  required?: boolean;
  /** Maximum characters of a string, or items of a list. */
  max?: number;
  doc?: string;
}
const str = (max: number, required = true): Field => ({ type: 'String', required, max });
const enumOf = (name: string, values: readonly string[]) =>
  builder.enumType(name, { values: values as never });

function inputType(name: string, fields: Record<string, Field>) {
  return builder.inputType(name, {
    fields: (t) =>
      Object.fromEntries(
        Object.entries(fields).map(([key, f]) => {
          const limit =
            f.max && (Array.isArray(f.type) ? `At most ${f.max} items.` : `At most ${f.max} characters.`);
          const description = [f.doc, limit].filter(Boolean).join(' ') || undefined;
          return [key, t.field({ type: f.type as never, required: f.required ?? false, description })];
        }),
      ),
  });
}

const DocumentInput = inputType('HandoffDocumentInput', {
  kind: { type: DocumentKindEnum, required: true },
  title: str(MAX.title),
  fileRef: str(MAX.fileRef, true),
  sha256: { type: 'String', required: true, doc: 'SHA-256 of the file, 64 hex characters.' },
});
/** Ids are global (`Handoff:…`) or plain, at most 200 characters (the commands' limit). */
const id: Field = { type: 'ID', required: true, max: 200 };
const handoff = { handoffId: id, expectedVersion: { type: 'Int' } };
const documents = { type: [DocumentInput], required: true, max: MAX.documents };
const reasons = str(MAX.text);
const Reasons = inputType('HandoffReasonsInput', { ...handoff, reasons });
const Note = inputType('HandoffNoteInput', { ...handoff, note: str(MAX.text, false) });

type Kind = (typeof HANDOFF_INPUTS)[number];
const HANDOFF_MUTATIONS: [string, Kind, ReturnType<typeof inputType>][] = [
  [
    'reportHandoff',
    'report',
    inputType('ReportHandoffInput', {
      ...handoff,
      team: {
        type: ['String'],
        required: true,
        max: 10,
        doc: 'At least 2 officers; names of at most 100 characters.',
      },
      summary: reasons,
    }),
  ],
  [
    'decideHandoffApproval',
    'decideApproval',
    inputType('DecideHandoffApprovalInput', {
      ...handoff,
      decision: { type: enumOf('HandoffApprovalDecision', ['APPROVE', 'REFUSE']), required: true },
      reasons,
    }),
  ],
  [
    'transferHandoff',
    'transfer',
    inputType('TransferHandoffInput', {
      ...handoff,
      letterNumber: str(MAX.number),
      documents,
      itemsSeized: { type: 'Boolean', required: true },
      expertOpinions: { type: 'Boolean' },
    }),
  ],
  ['receiveHandoff', 'receive', Note],
  [
    'requestHandoffMaterials',
    'requestMaterials',
    inputType('RequestHandoffMaterialsInput', {
      ...handoff,
      missing: { type: [DocumentKindEnum], required: true, max: 10 },
      note: reasons,
    }),
  ],
  [
    'completeHandoffMaterials',
    'completeMaterials',
    inputType('CompleteHandoffMaterialsInput', { ...handoff, documents }),
  ],
  [
    'extendHandoffDecisionPeriod',
    'extendDecisionPeriod',
    inputType('ExtendHandoffDecisionPeriodInput', {
      ...handoff,
      basis: { type: enumOf('HandoffDecisionBasis', ['VERIFICATION', 'MAJOR_CASE']), required: true },
      reasons,
      approvedBy: str(MAX.name, false),
    }),
  ],
  [
    'fileHandoff',
    'file',
    inputType('FileHandoffInput', {
      ...handoff,
      policeCaseNumber: str(MAX.number),
      note: str(MAX.text, false),
    }),
  ],
  ['declineHandoff', 'decline', Reasons],
  [
    'notifyHandoffDecision',
    'notifyDecision',
    inputType('NotifyHandoffDecisionInput', { ...handoff, documentNumber: str(MAX.number) }),
  ],
  [
    'handOverSeizedItems',
    'handOverSeizedItems',
    inputType('HandOverSeizedItemsInput', { ...handoff, note: reasons }),
  ],
  ['requestHandoffReconsideration', 'requestReconsideration', Reasons],
  [
    'decideHandoffReconsideration',
    'decideReconsideration',
    inputType('DecideHandoffReconsiderationInput', {
      ...handoff,
      outcome: { type: enumOf('HandoffReconsiderationOutcome', ['FILE', 'UPHOLD']), required: true },
      reasons,
      policeCaseNumber: str(MAX.number, false),
    }),
  ],
  [
    'requestHandoffSupervision',
    'requestSupervision',
    inputType('RequestHandoffSupervisionInput', { ...handoff, procuratorate: str(MAX.name), reasons }),
  ],
  ['acceptPoliceDecision', 'acceptDecision', Note],
  [
    'enterHandoffOnPlatform',
    'enterOnPlatform',
    inputType('EnterHandoffOnPlatformInput', {
      ...handoff,
      platformReference: str(MAX.number),
      limitName: str(MAX.number, false),
    }),
  ],
];

const people = {
  type: [
    inputType('JointParticipantInput', {
      name: str(MAX.name),
      unitId: { type: 'ID', required: true, doc: 'A unit id, e.g. yanhu-police (at most 63 characters).' },
    }),
  ],
  required: true,
  max: MAX.people,
  doc: 'Officers of both agencies.',
};
type Run = (deps: CommandDeps, caller: Caller, raw: unknown) => Promise<unknown>;
const JOINT_MUTATIONS: [string, unknown, Run, ReturnType<typeof inputType>][] = [
  [
    'scheduleConsultation',
    ConsultationRef,
    scheduleConsultation,
    inputType('ScheduleConsultationInput', {
      caseId: id,
      kind: { type: enumOf('ConsultationKind', ['MEETING', 'WRITTEN']), required: true },
      topic: str(MAX.title),
      participants: people,
      scheduledAt: { type: 'DateTime', doc: 'MEETING.' },
      place: str(MAX.title, false),
      question: str(MAX.text, false),
      addressee: {
        type: enumOf('ConsultationAddressee', ['POLICE', 'PROCURATORATE']),
        doc: 'WRITTEN: answered within 7 days.',
      },
    }),
  ],
  [
    'concludeConsultation',
    ConsultationRef,
    concludeConsultation,
    inputType('ConcludeConsultationInput', {
      consultationId: id,
      text: { ...str(MAX.text), doc: 'The conclusions, or the answer.' },
    }),
  ],
  [
    'recordJointInspection',
    JointInspectionRef,
    recordJointInspection,
    inputType('RecordJointInspectionInput', {
      taskId: { ...id, doc: 'Task 13 or 14.' },
      at: { type: 'DateTime', required: true },
      place: str(MAX.title),
      officers: people,
      findings: str(MAX.text),
    }),
  ],
];

builder.mutationFields((t) => ({
  ...Object.fromEntries(
    HANDOFF_MUTATIONS.map(([name, kind, input]) => [
      name,
      t.withAuth({ authenticated: true }).field({
        type: HandoffRef,
        args: { input: t.arg({ type: input, required: true }) },
        resolve: (_r, args, ctx) => handoffAction(depsOf(ctx), callerOf(ctx), kind, commandInput(args.input)),
      }),
    ]),
  ),
  ...Object.fromEntries(
    JOINT_MUTATIONS.map(([name, type, run, input]) => [
      name,
      t.withAuth({ authenticated: true }).field({
        type: type as typeof HandoffRef,
        args: { input: t.arg({ type: input, required: true }) },
        resolve: (_r, args, ctx) => run(depsOf(ctx), callerOf(ctx), commandInput(args.input)) as never,
      }),
    ]),
  ),
}));
