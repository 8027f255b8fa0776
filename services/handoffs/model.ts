/**
 * Stored shapes and inputs of the hand-off context. A hand-off is the case's HandoffProposal item carried
 * on: the proposal's fields, then the workflow's state, the transfer package (document references, never
 * the files), each step with who took it, and a summary of its open limits (the limits themselves are
 * deadline records under the hand-off). Consultations (会商) sit under their case; joint inspections
 * under their plan task.
 */
import * as z from 'zod';
import type { HandoffProposal } from '../cases/model.ts';
import { DOCUMENT_KINDS, type DocumentKind, type Side } from './limits.ts';
import type { HandoffState, HandoffStep } from './workflow.ts';

export interface HandoffDocument {
  kind: DocumentKind;
  title: string;
  /** Where the file is kept (the bureau's file store); never the file. */
  fileRef: string;
  sha256: string;
}

export interface StepRecord {
  step: HandoffStep;
  at: string;
  actor: { id: string; name?: string; unitId?: string };
  note?: string;
}

export const DECISION_BASES = ['STANDARD', 'VERIFICATION', 'MAJOR_CASE'] as const;
export type DecisionBasis = (typeof DECISION_BASES)[number];

export interface Handoff extends Omit<HandoffProposal, 'status'> {
  status: HandoffState;
  /** Absent on a proposal nobody has acted on yet. */
  version?: number;
  team?: string[];
  summary?: string;
  approval?: { decision: 'APPROVE' | 'REFUSE'; reasons: string; at: string; by: string };
  letterNumber?: string;
  itemsSeized?: boolean;
  documents: HandoffDocument[];
  transferredAt?: string;
  receivedAt?: string;
  missing?: DocumentKind[];
  decisionBasis?: DecisionBasis;
  /** The police's latest decision on filing (立案). */
  decision?: { outcome: 'FILE' | 'DECLINE'; reasons?: string; policeCaseNumber?: string; at: string };
  reconsideration?: { requestedAt: string; reasons: string; outcome?: 'FILE' | 'UPHOLD'; decidedAt?: string };
  supervision?: { requestedAt: string; procuratorate: string; reasons: string };
  steps: StepRecord[];
  /** The open limits, for lists that must not read every hand-off's timeline. */
  openLimits: { name: string; side: Side; dueAt: string }[];
  updatedAt?: string;
}

export interface Participant {
  name: string;
  unitId: string;
}

export interface Consultation {
  /** `<caseId>:<local id>`. */
  id: string;
  caseId: string;
  caseNumber: string;
  kind: 'MEETING' | 'WRITTEN';
  topic: string;
  participants: Participant[];
  scheduledAt?: string;
  place?: string;
  conclusions?: string;
  concludedAt?: string;
  /** WRITTEN: the question, to whom, the answer. */
  question?: string;
  addressee?: 'POLICE' | 'PROCURATORATE';
  answer?: string;
  answeredAt?: string;
  createdAt: string;
  createdBy: string;
  version: number;
}

export interface JointInspection {
  id: string;
  taskId: string;
  at: string;
  place: string;
  officers: Participant[];
  findings: string;
  recordedAt: string;
  recordedBy: string;
}

// ---- inputs: every string has a maximum length and every list a maximum size ----

export const MAX = {
  text: 2000,
  title: 200,
  name: 100,
  number: 64,
  fileRef: 1024,
  documents: 50,
  people: 20,
};
const Text = (max: number) => z.string().trim().min(1).max(max);
const Id = z.string().trim().min(1).max(200);
const UnitId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a unit id');
const Instant = z.iso.datetime({ offset: true });

export const DocumentInput = z.object({
  kind: z.enum(DOCUMENT_KINDS),
  title: Text(MAX.title),
  fileRef: Text(MAX.fileRef),
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters')
    .transform((h) => h.toLowerCase()),
});
const Documents = z.array(DocumentInput).min(1).max(MAX.documents);
const base = { handoffId: Id, expectedVersion: z.number().int().positive().optional() };
const note = Text(MAX.text).optional();
const reasons = Text(MAX.text);

/** The input of each hand-off action. */
export const ACTION_INPUTS = {
  report: z.object({ ...base, team: z.array(Text(MAX.name)).min(2).max(10), summary: Text(MAX.text) }),
  decideApproval: z.object({ ...base, decision: z.enum(['APPROVE', 'REFUSE']), reasons }),
  transfer: z.object({
    ...base,
    letterNumber: Text(MAX.number),
    documents: Documents,
    itemsSeized: z.boolean(),
    expertOpinions: z.boolean().default(false),
  }),
  receive: z.object({ ...base, note }),
  requestMaterials: z.object({
    ...base,
    missing: z.array(z.enum(DOCUMENT_KINDS)).min(1).max(10),
    note: reasons,
  }),
  completeMaterials: z.object({ ...base, documents: Documents }),
  extendDecisionPeriod: z
    .object({
      ...base,
      basis: z.enum(['VERIFICATION', 'MAJOR_CASE']),
      reasons,
      approvedBy: Text(MAX.name).optional(),
    })
    .refine((i) => i.basis !== 'MAJOR_CASE' || i.approvedBy, {
      message: 'a major case needs the approving official',
      path: ['approvedBy'],
    }),
  file: z.object({ ...base, policeCaseNumber: Text(MAX.number), note }),
  decline: z.object({ ...base, reasons }),
  notifyDecision: z.object({ ...base, documentNumber: Text(MAX.number) }),
  handOverSeizedItems: z.object({ ...base, note: reasons }),
  requestReconsideration: z.object({ ...base, reasons }),
  decideReconsideration: z
    .object({
      ...base,
      outcome: z.enum(['FILE', 'UPHOLD']),
      reasons,
      policeCaseNumber: Text(MAX.number).optional(),
    })
    .refine((i) => i.outcome !== 'FILE' || i.policeCaseNumber, {
      message: 'filing needs the police case number',
      path: ['policeCaseNumber'],
    }),
  requestSupervision: z.object({ ...base, procuratorate: Text(MAX.name), reasons }),
  acceptDecision: z.object({ ...base, note }),
  enterOnPlatform: z.object({
    ...base,
    platformReference: Text(MAX.number),
    limitName: Text(MAX.number).optional(),
  }),
};
export type ActionInputs = { [A in keyof typeof ACTION_INPUTS]: z.output<(typeof ACTION_INPUTS)[A]> };

const People = z
  .array(z.object({ name: Text(MAX.name), unitId: UnitId }))
  .min(2)
  .max(MAX.people);

export const ScheduleConsultationInput = z
  .object({
    caseId: Id,
    kind: z.enum(['MEETING', 'WRITTEN']),
    topic: Text(MAX.title),
    participants: People,
    scheduledAt: Instant.optional(),
    place: Text(MAX.title).optional(),
    question: Text(MAX.text).optional(),
    addressee: z.enum(['POLICE', 'PROCURATORATE']).optional(),
  })
  .refine((i) => i.kind !== 'MEETING' || i.scheduledAt, {
    message: 'a meeting needs its time',
    path: ['scheduledAt'],
  })
  .refine((i) => i.kind !== 'WRITTEN' || (i.question && i.addressee), {
    message: 'a written consultation needs its question and addressee',
    path: ['question'],
  });
export const ConcludeConsultationInput = z.object({ consultationId: Id, text: Text(MAX.text) });

export const RecordJointInspectionInput = z.object({
  taskId: Id,
  at: Instant,
  place: Text(MAX.title),
  officers: People,
  findings: Text(MAX.text),
});
