/**
 * Events of enforcement cases and enterprise files (source `clearwater.cases`). Every step of a case is
 * an event whose entity is the case, so the case's story reads from the event history by its id.
 * Amounts are integer fen. No event carries a complainant's contact or an evidence file's content.
 */
import * as z from 'zod';
import { defineEvent } from '../../shared/events/envelope.ts';

const source = 'clearwater.cases';
const Instant = z.iso.datetime({ offset: true });
const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Fen = z.number().int().nonnegative();

const CaseRef = {
  caseId: z.string(),
  caseNumber: z.string(),
  bureauUnitId: z.string(),
};
const caseEntity = (d: { caseId: string }) => ({ type: 'Case', id: d.caseId });
const Party = z.object({
  dischargerId: z.string().optional(),
  name: z.string(),
  creditCode: z.string().optional(),
});
const Outfall = z.object({ id: z.string(), code: z.string().optional(), name: z.string().optional() });
const Ground = z.object({
  code: z.string(),
  title: z.string(),
  basis: z.array(z.string()),
  sampleIds: z.array(z.string()),
});

export const DischargerRegistered = defineEvent({
  source,
  detailType: 'DischargerRegistered',
  version: 1,
  description: 'An enterprise file (一厂一档) was opened for a water-related discharger.',
  data: z.object({
    dischargerId: z.string(),
    name: z.string(),
    creditCode: z.string().optional(),
    townshipUnitId: z.string().optional(),
    keyDischargeUnit: z.boolean(),
  }),
  entity: (d) => ({ type: 'EnterpriseFile', id: d.dischargerId }),
});

export const DischargerFileUpdated = defineEvent({
  source,
  detailType: 'DischargerFileUpdated',
  version: 1,
  description: 'An enterprise file changed: its details, permits, outfalls, or a penalty recorded on it.',
  data: z.object({ dischargerId: z.string(), name: z.string(), changed: z.array(z.string()) }),
  entity: (d) => ({ type: 'EnterpriseFile', id: d.dischargerId }),
});

export const CaseOpened = defineEvent({
  source,
  detailType: 'CaseOpened',
  version: 1,
  description:
    'An enforcement case was opened: by an officer, from a 12369 complaint, or proposed by the system from an outfall exceedance.',
  data: z.object({
    ...CaseRef,
    title: z.string(),
    source: z.object({
      kind: z.string(),
      complaintId: z.string().optional(),
      eventId: z.string().optional(),
      sampleId: z.string().optional(),
    }),
    party: Party.optional(),
    candidates: z.array(Party),
    outfalls: z.array(Outfall),
    discoveredAt: Instant,
  }),
  entity: caseEntity,
  notice: (d) => ({
    recipientUnitIds: [d.bureauUnitId],
    severity: d.source.kind === 'OUTFALL_EXCEEDANCE' ? 'WARNING' : 'INFO',
    title:
      d.source.kind === 'OUTFALL_EXCEEDANCE'
        ? `排污口超标，系统建议立案：${d.caseNumber} ${d.title}`
        : `新案件 ${d.caseNumber}：${d.title}`,
    subject: { type: 'Case', id: d.caseId, title: d.caseNumber },
  }),
});

export const CaseInvestigationStarted = defineEvent({
  source,
  detailType: 'CaseInvestigationStarted',
  version: 1,
  description: 'The bureau started investigating a case.',
  data: z.object(CaseRef),
  entity: caseEntity,
});

export const CasePartyIdentified = defineEvent({
  source,
  detailType: 'CasePartyIdentified',
  version: 1,
  description: 'The discharger a case is against was identified as an enterprise file.',
  data: z.object({ ...CaseRef, party: Party }),
  entity: caseEntity,
});

export const CaseViolationRecorded = defineEvent({
  source,
  detailType: 'CaseViolationRecorded',
  version: 1,
  description: 'A violation was recorded on a case (and how supervision was evaded, if it was).',
  data: z.object({ ...CaseRef, kind: z.string(), method: z.string().optional() }),
  entity: caseEntity,
});

export const CaseFactsRecorded = defineEvent({
  source,
  detailType: 'CaseFactsRecorded',
  version: 1,
  description:
    'Facts the serious-pollution grounds read were recorded: toxic substances, protected area, hazardous waste, gains or losses, intake interruption.',
  data: z.object({
    ...CaseRef,
    facts: z.object({
      toxicSubstances: z.boolean().optional(),
      inProtectedArea: z.boolean().optional(),
      hazardousWasteTonnes: z.number().optional(),
      illegalGainsFen: Fen.optional(),
      propertyLossFen: Fen.optional(),
      intakeInterruptedHours: z.number().optional(),
    }),
  }),
  entity: caseEntity,
});

export const CaseSampleRecorded = defineEvent({
  source,
  detailType: 'CaseSampleRecorded',
  version: 1,
  description: 'A sample and its results (value and applicable limit per parameter) were recorded on a case.',
  data: z.object({
    ...CaseRef,
    sampleId: z.string(),
    sampledAt: Instant,
    outfallId: z.string().optional(),
    results: z.array(
      z.object({ parameter: z.string(), value: z.number(), limit: z.number(), unit: z.string() }),
    ),
  }),
  entity: caseEntity,
});

export const EvidenceAdded = defineEvent({
  source,
  detailType: 'EvidenceAdded',
  version: 1,
  description: 'An evidence item was added to a case with the SHA-256 of its content (never the content).',
  data: z.object({
    ...CaseRef,
    evidenceId: z.string(),
    kind: z.string(),
    takenAt: Instant,
    fileRef: z.string(),
    sha256: z.string(),
    supersedes: z.string().optional(),
  }),
  entity: caseEntity,
});

export const EvidenceSuperseded = defineEvent({
  source,
  detailType: 'EvidenceSuperseded',
  version: 1,
  description: 'An evidence item was superseded, with the reason (evidence is never edited or deleted).',
  data: z.object({
    ...CaseRef,
    evidenceId: z.string(),
    replacementId: z.string().optional(),
    reason: z.string(),
  }),
  entity: caseEntity,
});

export const EvidenceCustodyRecorded = defineEvent({
  source,
  detailType: 'EvidenceCustodyRecorded',
  version: 1,
  description:
    'A step in an evidence item’s chain of custody: received, handed over, examined, sealed, stored, returned.',
  data: z.object({ ...CaseRef, evidenceId: z.string(), action: z.string(), handedTo: z.string().optional() }),
  entity: caseEntity,
});

export const CasePenaltyDecided = defineEvent({
  source,
  detailType: 'CasePenaltyDecided',
  version: 1,
  description:
    'The administrative penalty decision on a case: the fine (the daily penalty’s original amount).',
  data: z.object({
    ...CaseRef,
    sanctionId: z.string(),
    decisionNumber: z.string(),
    fineFen: Fen,
    decidedAt: Instant,
    party: Party,
  }),
  entity: caseEntity,
});

export const CorrectionOrderServed = defineEvent({
  source,
  detailType: 'CorrectionOrderServed',
  version: 1,
  description:
    'A correction order (责令改正违法行为决定书) was served: the daily-penalty count starts the next day and the re-inspection is due.',
  data: z.object({
    ...CaseRef,
    sanctionId: z.string(),
    cycleNumber: z.number().int(),
    servedAt: Instant,
    documentNumber: z.string().optional(),
    reinspectionDueAt: Instant,
  }),
  entity: caseEntity,
});

export const ReinspectionRecorded = defineEvent({
  source,
  detailType: 'ReinspectionRecorded',
  version: 1,
  description:
    'An unannounced re-inspection found the violation continuing (a renewed order, the next re-inspection due) or corrected (the cycle ends).',
  data: z.object({
    ...CaseRef,
    cycleNumber: z.number().int(),
    inspectedAt: Instant,
    finding: z.enum(['VIOLATION_CONTINUES', 'CORRECTED']),
    late: z.boolean(),
    nextReinspectionDueAt: Instant.optional(),
  }),
  entity: caseEntity,
});

export const DailyPenaltyAssessed = defineEvent({
  source,
  detailType: 'DailyPenaltyAssessed',
  version: 1,
  description:
    'A daily penalty (按日连续处罚) was computed: original fine × days counted, and the cycle’s running totals.',
  data: z.object({
    ...CaseRef,
    sanctionId: z.string(),
    cycleNumber: z.number().int(),
    decisionNumber: z.string().optional(),
    fineFen: Fen,
    from: LocalDate,
    to: LocalDate,
    stoppedDays: z.number().int(),
    days: z.number().int(),
    amountFen: Fen,
    cycleTotalDays: z.number().int(),
    cycleTotalFen: Fen,
  }),
  entity: caseEntity,
});

export const CaseRecurrenceReported = defineEvent({
  source,
  detailType: 'CaseRecurrenceReported',
  version: 1,
  description:
    'A corrected violation was found again: a new penalty decision and a new daily-penalty cycle follow.',
  data: z.object({ ...CaseRef, foundAt: Instant, previousCycle: z.number().int() }),
  entity: caseEntity,
});

export const SanctionImposed = defineEvent({
  source,
  detailType: 'SanctionImposed',
  version: 1,
  description:
    'A sanction was imposed on a case: production restriction, suspension, seal-up, credit punishment, closure (pending approval) or ban.',
  data: z.object({
    ...CaseRef,
    sanctionId: z.string(),
    kind: z.string(),
    status: z.string(),
    effectiveFrom: Instant.optional(),
    stopsDischarge: z.boolean().optional(),
    measure: z.string().optional(),
  }),
  entity: caseEntity,
});

export const SanctionLifted = defineEvent({
  source,
  detailType: 'SanctionLifted',
  version: 1,
  description: 'A measure was lifted (the discharge may resume, and the daily-penalty count with it).',
  data: z.object({
    ...CaseRef,
    sanctionId: z.string(),
    kind: z.string(),
    liftedAt: Instant,
    reason: z.string(),
  }),
  entity: caseEntity,
});

export const ClosureApprovalRequested = defineEvent({
  source,
  detailType: 'ClosureApprovalRequested',
  version: 1,
  description: 'The bureau proposes closing a discharger (责令关闭): the supervisor must approve it.',
  data: z.object({ ...CaseRef, sanctionId: z.string(), supervisorUnitId: z.string(), partyName: z.string() }),
  entity: caseEntity,
  notice: (d) => ({
    recipientUnitIds: [d.supervisorUnitId],
    severity: 'WARNING',
    title: `案件${d.caseNumber}：拟责令关闭「${d.partyName}」，请审批`,
    subject: { type: 'Case', id: d.caseId, title: d.caseNumber },
    links: { sanctionId: d.sanctionId },
  }),
});

export const ClosureDecided = defineEvent({
  source,
  detailType: 'ClosureDecided',
  version: 1,
  description: 'The supervisor approved or rejected a proposed closure, with the reason.',
  data: z.object({
    ...CaseRef,
    sanctionId: z.string(),
    decision: z.enum(['APPROVE', 'REJECT']),
    reason: z.string(),
    decidedBy: z.string(),
  }),
  entity: caseEntity,
  notice: (d) => ({
    recipientUnitIds: [d.bureauUnitId],
    severity: 'INFO',
    title: `案件${d.caseNumber}：责令关闭${d.decision === 'APPROVE' ? '已批准' : '未获批准'}`,
    subject: { type: 'Case', id: d.caseId, title: d.caseNumber },
    links: { sanctionId: d.sanctionId },
  }),
});

export const CaseCrimeSuspected = defineEvent({
  source,
  detailType: 'CaseCrimeSuspected',
  version: 1,
  description:
    'The facts of a case meet a serious-pollution ground (法释〔2023〕7号 art. 1): a crime is suspected — not established — and a hand-off to the police is proposed.',
  data: z.object({
    ...CaseRef,
    party: Party.optional(),
    outfalls: z.array(Outfall),
    grounds: z.array(Ground).min(1),
    /** The administrative track keeps running during a transfer. */
    caseStatus: z.string(),
    handoff: z.object({
      handoffId: z.string(),
      status: z.literal('PROPOSED'),
      policeUnitId: z.string(),
      proposedAt: Instant,
    }),
    supervisorUnitId: z.string(),
  }),
  entity: caseEntity,
  notice: (d) => ({
    recipientUnitIds: [d.bureauUnitId, d.supervisorUnitId],
    severity: 'CRITICAL',
    title: `案件${d.caseNumber}涉嫌环境污染犯罪，建议移送公安机关`,
    subject: { type: 'Case', id: d.caseId, title: d.caseNumber },
    links: { handoffId: d.handoff.handoffId },
  }),
});

export const CaseClosed = defineEvent({
  source,
  detailType: 'CaseClosed',
  version: 1,
  description: 'A case was closed (no violation established, or concluded), and whether it is published.',
  data: z.object({
    ...CaseRef,
    outcome: z.enum(['NO_VIOLATION', 'CONCLUDED']),
    closedAt: Instant,
    published: z.boolean(),
  }),
  entity: caseEntity,
});
