/**
 * Events of the police hand-off and joint work (source `clearwater.handoffs`). Every step of a hand-off
 * carries the case's public reference (its number) and the transfer package's document list —
 * references and SHA-256 hashes, never the files — and `policeUnitIds`, the police units whose feed it
 * goes to (none before the transfer: the bureau's internal steps stay the bureau's).
 */
import * as z from 'zod';
import { defineEvent, type Notice, type Severity } from '../../shared/events/envelope.ts';

const source = 'clearwater.handoffs';
const Instant = z.iso.datetime({ offset: true });
const Document = z.object({ kind: z.string(), title: z.string(), fileRef: z.string(), sha256: z.string() });
const Ref = {
  caseId: z.string(),
  /** The case's public reference, e.g. `yanhu-eeb-2020-0001`. */
  caseNumber: z.string(),
  bureauUnitId: z.string(),
  policeUnitIds: z.array(z.string()),
};
const HandoffRef = {
  ...Ref,
  handoffId: z.string(),
  policeUnitId: z.string(),
  status: z.string(),
  documents: z.array(Document),
};
type Step = z.infer<z.ZodObject<typeof HandoffRef>> & Record<string, unknown>;

const notice =
  (severity: Severity, to: (d: Step) => string[], title: (d: Step) => string) =>
  (d: Step): Notice => ({
    recipientUnitIds: to(d),
    severity,
    title: `案件${d.caseNumber}：${title(d)}`,
    subject: { type: 'Handoff', id: d.handoffId, title: d.caseNumber },
    links: { caseId: d.caseId },
  });
const bureau = (d: Step) => [d.bureauUnitId];
const police = (d: Step) => [d.policeUnitId];

function step<E extends z.ZodRawShape>(
  detailType: string,
  description: string,
  extra: E,
  told?: (d: Step) => Notice,
) {
  return defineEvent({
    source,
    detailType,
    version: 1,
    description,
    data: z.object({ ...HandoffRef, ...extra }),
    entity: (d) => ({ type: 'Handoff', id: (d as Step).handoffId }),
    ...(told ? { notice: (d) => told(d as Step) } : {}),
  });
}

const reasons = { reasons: z.string() };

export const HandoffReported = step(
  'HandoffReported',
  'A team of at least two officers reported the suspected crime in writing: the head must decide on the transfer.',
  { teamSize: z.number().int() },
);
export const HandoffApproved = step('HandoffApproved', 'The bureau’s head approved the transfer.', reasons);
export const HandoffRefused = step(
  'HandoffRefused',
  'The bureau’s head refused the transfer, with reasons: the hand-off is withdrawn.',
  reasons,
);
export const CaseHandedOff = step(
  'CaseHandedOff',
  'The bureau transferred the case to the police (copy to the procuratorate) with its package.',
  { letterNumber: z.string(), transferredAt: Instant, itemsSeized: z.boolean() },
  notice('WARNING', police, () => '生态环境部门移送涉嫌环境犯罪案件，请接受'),
);
export const HandoffReceived = step('HandoffReceived', 'The police acknowledged receipt.', {
  receivedAt: Instant,
});
export const HandoffMaterialsRequested = step(
  'HandoffMaterialsRequested',
  'The police asked the bureau for missing materials.',
  { missing: z.array(z.string()), note: z.string() },
  notice('WARNING', bureau, () => '公安机关要求补充移送材料'),
);
export const HandoffMaterialsCompleted = step(
  'HandoffMaterialsCompleted',
  'The bureau completed the materials; the police decision is counted from now.',
  {},
  notice('INFO', police, () => '移送材料已补充'),
);
export const HandoffDecisionPeriodExtended = step(
  'HandoffDecisionPeriodExtended',
  'The police marked the case as needing verification (7 days) or major (30 days, with approval).',
  { basis: z.string(), dueAt: Instant, ...reasons },
);
export const HandoffFiled = step(
  'HandoffFiled',
  'The police filed the case (立案).',
  { policeCaseNumber: z.string() },
  notice('INFO', bureau, () => '公安机关已立案'),
);
export const HandoffDeclined = step(
  'HandoffDeclined',
  'The police decided not to file the case, with reasons.',
  reasons,
  notice('WARNING', bureau, () => '公安机关决定不予立案'),
);
export const HandoffDecisionNotified = step(
  'HandoffDecisionNotified',
  'The police notified their decision in writing (copy to the procuratorate).',
  { documentNumber: z.string() },
);
export const HandoffSeizedItemsHandedOver = step(
  'HandoffSeizedItemsHandedOver',
  'The bureau handed the seized items over to the police.',
  {},
);
export const HandoffReconsiderationRequested = step(
  'HandoffReconsiderationRequested',
  'The bureau asked the police to reconsider (复议) their refusal.',
  reasons,
  notice('WARNING', police, () => '生态环境部门提请复议'),
);
export const HandoffReconsiderationDecided = step(
  'HandoffReconsiderationDecided',
  'The police decided the reconsideration: FILE, or UPHOLD the refusal.',
  { outcome: z.enum(['FILE', 'UPHOLD']), ...reasons },
  notice('INFO', bureau, (d) => `复议决定：${d.outcome === 'FILE' ? '立案' : '维持不予立案'}`),
);
export const HandoffSupervisionRequested = step(
  'HandoffSupervisionRequested',
  'The bureau asked the procuratorate to supervise the filing (立案监督).',
  { procuratorate: z.string(), ...reasons },
  notice('WARNING', police, () => '生态环境部门建议检察院立案监督'),
);
export const HandoffDeclineAccepted = step(
  'HandoffDeclineAccepted',
  'The bureau accepted the refusal as final: the hand-off has ended.',
  {},
);
export const HandoffPlatformEntered = step(
  'HandoffPlatformEntered',
  'A decision was entered on the information-sharing platform (两法衔接平台).',
  { limitName: z.string(), platformReference: z.string() },
);

/** A limit's reminder or miss: of a hand-off, or of a written consultation on a case. */
const LimitStep = z.object({
  ...Ref,
  owner: z.object({ type: z.string(), id: z.string() }),
  handoffId: z.string().optional(),
  documents: z.array(Document),
  limit: z.object({
    name: z.string(),
    key: z.string(),
    title: z.string(),
    side: z.enum(['ENVIRONMENT_BUREAU', 'POLICE', 'PROCURATORATE']),
    startedAt: Instant,
    dueAt: Instant,
    period: z.object({ amount: z.number().int(), unit: z.string() }),
  }),
  recipientUnitIds: z.array(z.string()).min(1),
});
const SIDE = { ENVIRONMENT_BUREAU: '生态环境部门', POLICE: '公安机关', PROCURATORATE: '检察院' };
const limitNotice =
  (severity: Severity, title: (d: z.infer<typeof LimitStep>) => string) =>
  (d: z.infer<typeof LimitStep>): Notice => ({
    recipientUnitIds: d.recipientUnitIds,
    severity,
    title: `案件${d.caseNumber}：${title(d)}`,
    subject: { ...d.owner, title: d.caseNumber },
    dueAt: d.limit.dueAt,
    links: { caseId: d.caseId },
  });

export const HandoffDeadlineDueSoon = defineEvent({
  source,
  detailType: 'HandoffDeadlineDueSoon',
  version: 1,
  description:
    'A hand-off limit is near (at half its period, at most a day before): the side that must act is told.',
  data: LimitStep,
  entity: (d) => d.owner,
  notice: limitNotice('INFO', (d) => `「${d.limit.title}」即将到期`),
});

export const HandoffDeadlineMissed = defineEvent({
  source,
  detailType: 'HandoffDeadlineMissed',
  version: 1,
  description:
    'A hand-off limit passed without its step: names the side that missed it; escalated to the supervisor.',
  data: LimitStep,
  entity: (d) => d.owner,
  notice: limitNotice('CRITICAL', (d) => `${SIDE[d.limit.side]}逾期未「${d.limit.title}」`),
});

const ConsultationRef = {
  ...Ref,
  consultationId: z.string(),
  kind: z.enum(['MEETING', 'WRITTEN']),
  topic: z.string(),
  participantUnitIds: z.array(z.string()),
};
const consultationNotice =
  (title: string) =>
  (d: z.infer<z.ZodObject<typeof ConsultationRef>>): Notice => ({
    recipientUnitIds: d.participantUnitIds,
    severity: 'INFO',
    title: `案件${d.caseNumber}：${title}「${d.topic}」`,
    subject: { type: 'Consultation', id: d.consultationId, title: d.caseNumber },
    links: { caseId: d.caseId },
  });
const consultation = <E extends z.ZodRawShape>(
  detailType: string,
  description: string,
  title: string,
  extra: E,
) =>
  defineEvent({
    source,
    detailType,
    version: 1,
    description,
    data: z.object({ ...ConsultationRef, ...extra }),
    entity: (d) => ({ type: 'Consultation', id: (d as { consultationId: string }).consultationId }),
    notice: (d) => consultationNotice(title)(d as z.infer<z.ZodObject<typeof ConsultationRef>>),
  });

export const ConsultationScheduled = consultation(
  'ConsultationScheduled',
  'A consultation (会商) on a major or difficult case was scheduled, or a written question put (answer due in 7 days).',
  '会商',
  { scheduledAt: Instant.optional(), addressee: z.string().optional(), answerDueAt: Instant.optional() },
);
export const ConsultationConcluded = consultation(
  'ConsultationConcluded',
  'A consultation meeting’s conclusions were recorded.',
  '会商结论',
  {},
);
export const ConsultationAnswered = consultation(
  'ConsultationAnswered',
  'A written consultation question was answered.',
  '书面会商答复',
  { late: z.boolean() },
);

export const JointInspectionRecorded = defineEvent({
  source,
  detailType: 'JointInspectionRecorded',
  version: 1,
  description: 'A joint police–environment inspection was recorded on plan task 13 or 14 (it counts there).',
  data: z.object({
    inspectionId: z.string(),
    taskId: z.string(),
    at: Instant,
    place: z.string(),
    unitIds: z.array(z.string()),
    policeUnitIds: z.array(z.string()),
  }),
  entity: (d) => ({ type: 'Task', id: d.taskId }),
});
