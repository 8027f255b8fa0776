/**
 * Joint work of the two agencies. A consultation (会商) on a major or difficult case is a meeting with
 * participants from both, its conclusions recorded, or a written question to the police or the
 * procuratorate answered within 7 days (a limit like the hand-off's); either joins the police unit to
 * the case (its officers see it). A joint inspection, with officers of both, counts towards plan task 13
 * or 14 (`Task.jointInspections`).
 */
import { type CaseAccess, isCasePoliceOfficer, isEnforcementOfficer } from '../cases/access.ts';
import { pastInstant } from '../cases/instants.ts';
import type { EnforcementCase } from '../cases/model.ts';
import { childId, getCase, parseChildId } from '../cases/repository.ts';
import { casesSettings } from '../cases/settings.ts';
import { guardNotClosed } from '../cases/status.ts';
import { handoffs as events } from '../events/catalog/index.ts';
import { getTask } from '../plan/repository.ts';
import { authorize } from '../shared/auth/policy.ts';
import type { Actor } from '../shared/auth/principal.ts';
import {
  bumpVersion,
  type Caller,
  type CommandDeps,
  parse,
  retryOnConflict,
  unitOfWork,
} from '../shared/commands/kit.ts';
import { serialized } from '../shared/commands/serialize.ts';
import { guard } from '../shared/commands/transitions.ts';
import { closeDeadline, listDeadlines } from '../shared/deadlines/records.ts';
import { timeOf } from '../shared/deps.ts';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { keys } from '../shared/store/keys.ts';
import type { UnitOfWork } from '../shared/store/transaction.ts';
import { Update } from '../shared/store/update.ts';
import { canDoJointWork, isPoliceOfficer } from './access.ts';
import { openLimit } from './deadline.ts';
import { handoffsSettings } from './limits.ts';
import {
  ConcludeConsultationInput,
  type Consultation,
  type JointInspection,
  type Participant,
  RecordJointInspectionInput,
  ScheduleConsultationInput,
} from './model.ts';
import { consultationItem, consultationKey, getConsultation, jointInspectionItem } from './repository.ts';

export const CONSULTATION = 'Consultation';
const ANSWER = 'consultationAnswer';

type JointAccess = CaseAccess & { policeUnitId: string; supervisorUnitId: string };

function jointAccess(deps: CommandDeps): JointAccess {
  return casesSettings(deps);
}

/** Both agencies take part: a unit of the bureau and the police unit. */
function guardBothAgencies(people: readonly Participant[], access: JointAccess, field: string): void {
  const units = people.map((p) => p.unitId);
  if (!units.some((u) => access.enforcementUnitIds.includes(u)) || !units.includes(access.policeUnitId)) {
    throw new BadUserInputError([
      { field, message: `must include officers of the bureau and of the police (${access.policeUnitId})` },
    ]);
  }
}

/** Whether the caller works on this case: an enforcement officer, or a police officer it was joined to. */
function worksOnCase(actor: Actor, access: JointAccess, c: EnforcementCase): boolean {
  return isEnforcementOfficer(actor, access) || isCasePoliceOfficer(actor, c);
}

const ref = (c: Consultation, bureauUnitId: string, access: JointAccess) => ({
  caseId: c.caseId,
  caseNumber: c.caseNumber,
  bureauUnitId,
  policeUnitIds: [access.policeUnitId],
  consultationId: c.id,
  kind: c.kind,
  topic: c.topic,
  participantUnitIds: [...new Set(c.participants.map((p) => p.unitId))],
});

/** Schedules a meeting, or puts a written question (its answer due in 7 days); the police unit joins the case. */
export async function scheduleConsultation(
  deps: CommandDeps,
  caller: Caller,
  raw: unknown,
): Promise<Consultation> {
  const access = jointAccess(deps);
  authorize(caller.actor, canDoJointWork, access);
  const input = parse(ScheduleConsultationInput, raw);
  guardBothAgencies(input.participants, access, 'input.participants');
  if (input.kind === 'WRITTEN' && !isEnforcementOfficer(caller.actor, access)) {
    throw new ForbiddenError('Written consultations are put by the bureau');
  }
  return serialized(`case:${input.caseId}`, () =>
    retryOnConflict(undefined, async () => {
      const c = await getCase(deps.store, input.caseId);
      if (!c || !worksOnCase(caller.actor, access, c)) throw new NotFoundError('Case', input.caseId);
      guardNotClosed(c.status, c.id);
      const work = unitOfWork(deps, caller);
      const now = work.context.now;
      const consultation: Consultation = {
        id: childId(c.id, newId(now)),
        caseId: c.id,
        caseNumber: c.number,
        kind: input.kind,
        topic: input.topic,
        participants: input.participants,
        scheduledAt: input.scheduledAt && new Date(input.scheduledAt).toISOString(),
        place: input.place,
        question: input.kind === 'WRITTEN' ? input.question : undefined,
        addressee: input.kind === 'WRITTEN' ? input.addressee : undefined,
        createdAt: now.toISOString(),
        createdBy: caller.actor.id,
        version: 1,
      };
      work.put(consultationItem(consultation), { expression: 'attribute_not_exists(PK)' });
      joinPolice(work, c, access.policeUnitId, now);
      const due = consultation.addressee
        ? openLimit(
            work,
            {
              owner: { type: CONSULTATION, id: consultation.id },
              limit: ANSWER,
              name: ANSWER,
              startedAt: now,
              period: handoffsSettings(deps).limits.consultationAnswer,
              side: consultation.addressee,
              ref: {
                caseId: c.id,
                caseNumber: c.number,
                bureauUnitId: c.bureauUnitId,
                policeUnitId: access.policeUnitId,
              },
              supervisorUnitId: access.supervisorUnitId,
              policeUnitIds: [access.policeUnitId],
            },
            timeOf(deps),
          ).dueAt
        : undefined;
      work.audit({
        entityType: CONSULTATION,
        entityId: consultation.id,
        action: 'SCHEDULE',
        summary: `${input.kind} consultation on case ${c.number}: ${input.topic}`,
      });
      work.emit(events.ConsultationScheduled, {
        ...ref(consultation, c.bureauUnitId, access),
        scheduledAt: consultation.scheduledAt,
        addressee: consultation.addressee,
        answerDueAt: due,
      });
      await work.commit(deps.store);
      return consultation;
    }),
  );
}

/** The police unit sees a case it consults on (a case update, versioned like any other). */
function joinPolice(work: UnitOfWork, c: EnforcementCase, policeUnitId: string, now: Date): void {
  if (c.policeUnitIds?.includes(policeUnitId)) return;
  const update = new Update().set('policeUnitIds', [...(c.policeUnitIds ?? []), policeUnitId]);
  work.update(keys.case(c.id), update, bumpVersion(update, 'Case', c, now));
}

/** Records a meeting's conclusions, or the answer to a written question (MET or late against its 7 days). */
export async function concludeConsultation(
  deps: CommandDeps,
  caller: Caller,
  raw: unknown,
): Promise<Consultation> {
  const access = jointAccess(deps);
  authorize(caller.actor, canDoJointWork, access);
  const input = parse(ConcludeConsultationInput, raw);
  const caseId = parseChildId(input.consultationId)?.caseId;
  return serialized(`case:${caseId}`, () =>
    retryOnConflict(undefined, async () => {
      const [found, c] = await Promise.all([
        getConsultation(deps.store, input.consultationId),
        caseId ? getCase(deps.store, caseId) : undefined,
      ]);
      if (!found || !c || !worksOnCase(caller.actor, access, c))
        throw new NotFoundError(CONSULTATION, input.consultationId);
      guard(
        !found.concludedAt && !found.answeredAt,
        'CONSULTATION_CONCLUDED',
        `Consultation ${found.id} is concluded`,
      );
      const work = unitOfWork(deps, caller);
      const now = work.context.now.toISOString();
      const next: Consultation = { ...found, version: found.version + 1 };
      let late = false;
      if (found.kind === 'WRITTEN') {
        // The police answer questions put to them; the bureau records the procuratorate's answer.
        const answers =
          found.addressee === 'POLICE'
            ? isPoliceOfficer(caller.actor, access.policeUnitId)
            : isEnforcementOfficer(caller.actor, access);
        if (!answers) throw new ForbiddenError(`The ${found.addressee} answers this question`);
        const [limit] = await listDeadlines(deps.store, { type: CONSULTATION, id: found.id });
        if (limit && !limit.closedAt)
          late =
            closeDeadline(work, { type: CONSULTATION, id: found.id }, limit.name, limit.dueAt) === 'LATE';
        Object.assign(next, { answer: input.text, answeredAt: now });
      } else {
        Object.assign(next, { conclusions: input.text, concludedAt: now });
      }
      const update = new Update().setAll({
        answer: next.answer,
        answeredAt: next.answeredAt,
        conclusions: next.conclusions,
        concludedAt: next.concludedAt,
      });
      work.update(
        consultationKey(found.id) as NonNullable<ReturnType<typeof consultationKey>>,
        update,
        bumpVersion(update, CONSULTATION, found, work.context.now),
      );
      work.audit({
        entityType: CONSULTATION,
        entityId: found.id,
        action: found.kind === 'WRITTEN' ? 'ANSWER' : 'CONCLUDE',
        summary: input.text.slice(0, 200),
      });
      const data = ref(found, c.bureauUnitId, access);
      if (found.kind === 'WRITTEN') work.emit(events.ConsultationAnswered, { ...data, late });
      else work.emit(events.ConsultationConcluded, data);
      await work.commit(deps.store);
      return next;
    }),
  );
}

/** A joint inspection by officers of both agencies, counted on its plan task (13 or 14). */
export async function recordJointInspection(
  deps: CommandDeps,
  caller: Caller,
  raw: unknown,
): Promise<JointInspection> {
  const access = jointAccess(deps);
  authorize(caller.actor, canDoJointWork, access);
  const input = parse(RecordJointInspectionInput, raw);
  if (!handoffsSettings(deps).jointInspectionTaskIds.includes(input.taskId)) {
    throw new BadUserInputError([
      { field: 'input.taskId', message: 'is not a task joint inspections count towards' },
    ]);
  }
  guardBothAgencies(input.officers, access, 'input.officers');
  if (!(await getTask(deps.store, input.taskId))) throw new NotFoundError('Task', input.taskId);
  const work = unitOfWork(deps, caller);
  const now = work.context.now;
  const inspection: JointInspection = {
    id: newId(now),
    taskId: input.taskId,
    at: pastInstant(input.at, now, 'input.at').toISOString(),
    place: input.place,
    officers: input.officers,
    findings: input.findings,
    recordedAt: now.toISOString(),
    recordedBy: caller.actor.id,
  };
  work.put(jointInspectionItem(inspection), { expression: 'attribute_not_exists(PK)' });
  work.update(keys.jointInspectionCount(input.taskId), new Update().increment('count'));
  work.audit({
    entityType: 'Task',
    entityId: input.taskId,
    action: 'JOINT_INSPECTION',
    summary: `Joint inspection at ${input.place} (${inspection.at})`,
  });
  const unitIds = [...new Set(input.officers.map((o) => o.unitId))];
  work.emit(events.JointInspectionRecorded, {
    inspectionId: inspection.id,
    taskId: input.taskId,
    at: inspection.at,
    place: input.place,
    unitIds,
    policeUnitIds: unitIds.filter((u) => u === access.policeUnitId),
  });
  await work.commit(deps.store);
  return inspection;
}
