/**
 * What the 12369 desk and the assigned units do with reports: take, accept or redirect, assign, extend
 * once, close with the reply, and open an enforcement case. Each command writes the report, its
 * deadlines, the audit entry and the events in one transaction conditioned on the version read.
 */

import * as z from 'zod';
import { canRunCases } from '../cases/access.ts';
import { NewCaseFields } from '../cases/inputs.ts';
import { pastInstant } from '../cases/instants.ts';
import type { EnforcementCase } from '../cases/model.ts';
import { addNewCase, readCaseNumbering } from '../cases/new-case.ts';
import { resolveParty } from '../cases/party.ts';
import { casesSettings } from '../cases/settings.ts';
import { complaints as events } from '../events/catalog/index.ts';
import { authorize, type Policy } from '../shared/auth/policy.ts';
import {
  bumpVersion,
  type Caller,
  type CommandDeps,
  checkVersion,
  parse,
  retryOnConflict,
  unitOfWork,
} from '../shared/commands/kit.ts';
import { serialized } from '../shared/commands/serialize.ts';
import { guard } from '../shared/commands/transitions.ts';
import { timeOf } from '../shared/deps.ts';
import { BadUserInputError, NotFoundError, StaleVersionError } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { diffUpdate } from '../shared/store/diff.ts';
import { getItem } from '../shared/store/items.ts';
import { keys } from '../shared/store/keys.ts';
import type { UnitOfWork } from '../shared/store/transaction.ts';
import { Update } from '../shared/store/update.ts';
import { localDate } from '../shared/time/offset.ts';
import { periodEnd } from '../shared/time/periods.ts';
import type { DistrictTime } from '../shared/time/zone.ts';
import { getUnit } from '../units/repository.ts';
import { assertTownship } from '../units/townships.ts';
import {
  type ComplaintAccess,
  canHandle,
  canReadComplaint,
  canRunDesk,
  complaintAccess,
  isDeskOfficer,
} from './access.ts';
import {
  COMPLAINT,
  closeAcceptanceDeadline,
  closeClosureDeadline,
  openAcceptanceDeadline,
  openClosureDeadline,
} from './deadlines.ts';
import {
  AcceptComplaintInput,
  AssignComplaintInput,
  CloseComplaintInput,
  type Complaint,
  ExtendComplaintInput,
  IntakeComplaintInput,
  RedirectComplaintInput,
} from './model.ts';
import { complaintIndexes, complaintItem, getComplaint } from './repository.ts';
import { type ComplaintsSettings, complaintsSettings } from './settings.ts';
import { complaintMachine, HANDLING } from './status.ts';

const ref = (c: Complaint) => ({ complaintId: c.id, complaintNumber: c.number });

export async function intakeComplaint(deps: CommandDeps, caller: Caller, raw: unknown): Promise<Complaint> {
  const access = complaintAccess(deps);
  authorize(caller.actor, canRunDesk, access);
  const input = parse(IntakeComplaintInput, raw);
  await assertTownship(deps.store, input.townshipUnitId, 'input.townshipUnitId');
  const settings = complaintsSettings(deps);
  const time = timeOf(deps);
  return retryOnConflict(undefined, async () => {
    const work = unitOfWork(deps, caller);
    const now = work.context.now;
    const receivedAt = pastInstant(input.receivedAt, now, 'input.receivedAt');
    const year = localDate(now, time.timeZone).slice(0, 4);
    const counter = await getItem<{ last?: number }>(deps.store, keys.complaintCounter(year));
    const last = counter?.last ?? 0;
    const complaint: Complaint = {
      id: newId(now),
      number: `12369-${year}-${String(last + 1).padStart(4, '0')}`,
      channel: input.channel,
      receivedAt: receivedAt.toISOString(),
      receivedBy: caller.actor.id,
      location: input.location,
      townshipUnitId: input.townshipUnitId,
      description: input.description,
      reporter: input.reporter,
      status: 'RECEIVED',
      deskUnitId: isDeskOfficer(caller.actor, access)
        ? (caller.actor.unitId as string)
        : (settings.deskUnitIds[0] as string),
      acceptanceDueAt: '',
      caseIds: [],
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      version: 1,
    };
    complaint.acceptanceDueAt = openAcceptanceDeadline(work, complaint, settings, time);
    work.update(
      keys.complaintCounter(year),
      new Update().setAll({ itemType: 'ComplaintCounter', last: last + 1 }),
      {
        expression: 'attribute_not_exists(PK) OR #last = :readLast',
        names: { '#last': 'last' },
        values: { ':readLast': last },
        onFailed: () => new StaleVersionError('ComplaintCounter', year, last),
      },
    );
    work.put(complaintItem(complaint), { expression: 'attribute_not_exists(PK)' });
    work.audit({
      entityType: COMPLAINT,
      entityId: complaint.id,
      action: 'INTAKE',
      summary: `12369 report ${complaint.number} taken (${complaint.channel}) at ${complaint.location}`,
    });
    work.emit(events.ComplaintReceived, {
      ...ref(complaint),
      channel: complaint.channel,
      receivedAt: complaint.receivedAt,
      townshipUnitId: complaint.townshipUnitId,
      deskUnitId: complaint.deskUnitId,
      acceptanceDueAt: complaint.acceptanceDueAt,
    });
    await work.commit(deps.store);
    return complaint;
  });
}

interface ComplaintChange {
  before: Complaint;
  draft: Complaint;
  work: UnitOfWork;
  settings: ComplaintsSettings;
  time: DistrictTime;
}

/** Loads, hides what the caller may not read (NOT_FOUND), authorizes, lets `body` change a draft, writes the change. */
async function changeComplaint<T>(
  deps: CommandDeps,
  caller: Caller,
  input: { complaintId: string; expectedVersion?: number },
  rule: Policy<ComplaintAccess & { complaint?: Complaint }>,
  body: (change: ComplaintChange) => T | Promise<T>,
): Promise<{ complaint: Complaint; result: T }> {
  const access = complaintAccess(deps);
  return serialized(`complaint:${input.complaintId}`, () =>
    retryOnConflict(input.expectedVersion, async () => {
      const before = await getComplaint(deps.store, input.complaintId);
      if (!before || !canReadComplaint.allows(caller.actor, { ...access, complaint: before })) {
        throw new NotFoundError(COMPLAINT, input.complaintId);
      }
      authorize(caller.actor, rule, { ...access, complaint: before });
      checkVersion(COMPLAINT, before, input.expectedVersion);
      const change: ComplaintChange = {
        before,
        draft: structuredClone(before),
        work: unitOfWork(deps, caller),
        settings: complaintsSettings(deps),
        time: timeOf(deps),
      };
      const result = await body(change);
      const now = change.work.context.now;
      const next = { ...change.draft, version: before.version + 1, updatedAt: now.toISOString() };
      const update = diffUpdate(before, next, ['version', 'updatedAt']).setAll(complaintIndexes(next));
      change.work.update(keys.complaint(before.id), update, bumpVersion(update, COMPLAINT, before, now));
      await change.work.commit(deps.store);
      return { complaint: next, result };
    }),
  );
}

export async function acceptComplaint(deps: CommandDeps, caller: Caller, raw: unknown): Promise<Complaint> {
  const input = parse(AcceptComplaintInput, raw);
  const { complaint } = await changeComplaint(
    deps,
    caller,
    input,
    canRunDesk,
    ({ draft, work, settings, time }) => {
      draft.status = complaintMachine.next(draft.status, 'accept', draft.id);
      const late = closeAcceptanceDeadline(work, draft) === 'LATE';
      draft.acceptedAt = work.context.now.toISOString();
      draft.acceptanceNote = input.note;
      openClosureDeadline(work, draft, settings, time, { period: settings.closureLimit });
      work.audit({
        entityType: COMPLAINT,
        entityId: draft.id,
        action: 'ACCEPT',
        summary: `Accepted${late ? ' (late)' : ''}; to be closed by ${draft.closureDueAt}${input.note ? `: ${input.note}` : ''}`,
      });
      work.emit(events.ComplaintAccepted, {
        ...ref(draft),
        acceptedAt: draft.acceptedAt,
        closureDueAt: draft.closureDueAt as string,
        late,
      });
    },
  );
  return complaint;
}

export async function redirectComplaint(deps: CommandDeps, caller: Caller, raw: unknown): Promise<Complaint> {
  const input = parse(RedirectComplaintInput, raw);
  const { complaint } = await changeComplaint(deps, caller, input, canRunDesk, ({ draft, work }) => {
    draft.status = complaintMachine.next(draft.status, 'redirect', draft.id);
    const late = closeAcceptanceDeadline(work, draft) === 'LATE';
    draft.redirect = { to: input.redirectedTo, reason: input.reason, at: work.context.now.toISOString() };
    work.audit({
      entityType: COMPLAINT,
      entityId: draft.id,
      action: 'REDIRECT',
      summary: `Redirected to ${input.redirectedTo}: ${input.reason}`,
    });
    work.emit(events.ComplaintRedirected, {
      ...ref(draft),
      redirectedTo: input.redirectedTo,
      reason: input.reason,
      late,
    });
  });
  return complaint;
}

export async function assignComplaint(deps: CommandDeps, caller: Caller, raw: unknown): Promise<Complaint> {
  const input = parse(AssignComplaintInput, raw);
  const unit = await getUnit(deps.store, input.unitId);
  if (!unit || unit.kind === 'GROUP') {
    throw new BadUserInputError([
      { field: 'input.unitId', message: `no unit ${input.unitId} (a group cannot be assigned)` },
    ]);
  }
  const { complaint } = await changeComplaint(
    deps,
    caller,
    input,
    canRunDesk,
    ({ draft, work, settings, time }) => {
      draft.status = complaintMachine.next(draft.status, 'assign', draft.id);
      closeClosureDeadline(work, draft, 'CANCELLED');
      draft.assignedUnitId = unit.id;
      draft.assignedAt = work.context.now.toISOString();
      openClosureDeadline(work, draft, settings, time, { dueAt: new Date(draft.closureDueAt as string) });
      work.audit({
        entityType: COMPLAINT,
        entityId: draft.id,
        action: 'ASSIGN',
        summary: `Assigned to ${unit.name}${input.note ? `: ${input.note}` : ''}`,
      });
      work.emit(events.ComplaintAssigned, {
        ...ref(draft),
        unitId: unit.id,
        closureDueAt: draft.closureDueAt as string,
      });
    },
  );
  return complaint;
}

export async function extendComplaint(deps: CommandDeps, caller: Caller, raw: unknown): Promise<Complaint> {
  const input = parse(ExtendComplaintInput, raw);
  const { complaint } = await changeComplaint(
    deps,
    caller,
    input,
    canHandle,
    ({ draft, work, settings, time }) => {
      guard(
        HANDLING.includes(draft.status),
        'COMPLAINT_NOT_ACCEPTED',
        `Report ${draft.id} is ${draft.status}`,
      );
      guard(!draft.extension, 'EXTENSION_ALREADY_USED', `Report ${draft.id} was already extended once`);
      if (input.days > settings.maxExtensionDays) {
        throw new BadUserInputError([
          { field: 'input.days', message: `must be at most ${settings.maxExtensionDays}` },
        ]);
      }
      const previousDueAt = draft.closureDueAt as string;
      guard(
        work.context.now.getTime() <= Date.parse(previousDueAt),
        'CLOSURE_DEADLINE_PASSED',
        `The closure deadline of report ${draft.id} has passed: it can no longer be extended`,
      );
      const dueAt = periodEnd(
        new Date(previousDueAt),
        { amount: input.days, unit: 'DAYS' },
        {
          utcOffset: time.timeZone,
          calendar: time.calendar,
        },
      );
      closeClosureDeadline(work, draft, 'CANCELLED');
      draft.extension = {
        days: input.days,
        reason: input.reason,
        at: work.context.now.toISOString(),
        previousDueAt,
      };
      openClosureDeadline(work, draft, settings, time, { dueAt });
      work.audit({
        entityType: COMPLAINT,
        entityId: draft.id,
        action: 'EXTEND',
        summary: `Extended by ${input.days} days to ${draft.closureDueAt}: ${input.reason}`,
      });
      work.emit(events.ComplaintExtended, {
        ...ref(draft),
        days: input.days,
        previousDueAt,
        closureDueAt: draft.closureDueAt as string,
        reason: input.reason,
      });
    },
  );
  return complaint;
}

export async function closeComplaint(deps: CommandDeps, caller: Caller, raw: unknown): Promise<Complaint> {
  const input = parse(CloseComplaintInput, raw);
  const { complaint } = await changeComplaint(deps, caller, input, canHandle, ({ draft, work }) => {
    draft.status = complaintMachine.next(draft.status, 'close', draft.id);
    const late = closeClosureDeadline(work, draft, 'DONE') === 'LATE';
    const closedAt = work.context.now.toISOString();
    draft.closure = {
      closedAt,
      outcome: input.outcome,
      reply: input.reply,
      repliedVia: input.repliedVia,
      late,
    };
    work.audit({
      entityType: COMPLAINT,
      entityId: draft.id,
      action: 'CLOSE',
      summary: `Closed (${input.outcome})${late ? ' late' : ''}; reply sent${input.repliedVia ? ` by ${input.repliedVia}` : ''}`,
    });
    work.emit(events.ComplaintClosed, {
      ...ref(draft),
      outcome: input.outcome,
      closedAt,
      closureDueAt: draft.closureDueAt as string,
      late,
      caseIds: draft.caseIds,
    });
  });
  return complaint;
}

export const OpenCaseFromComplaintInput = NewCaseFields.extend({
  complaintId: z.string().trim().min(1).max(150),
  expectedVersion: z.number().int().positive().optional(),
});

/** An enforcement officer opens a case from an accepted report: source HOTLINE_12369, linked both ways. */
export async function openCaseFromComplaint(
  deps: CommandDeps,
  caller: Caller,
  raw: unknown,
): Promise<{ case: EnforcementCase; complaint: Complaint }> {
  const casesConfig = casesSettings(deps);
  authorize(caller.actor, canRunCases, casesConfig);
  const input = parse(OpenCaseFromComplaintInput, raw);
  await assertTownship(deps.store, input.townshipUnitId, 'input.townshipUnitId');
  const { party, discharger } = await resolveParty(deps.store, input.party);
  let opened: EnforcementCase | undefined;
  const { complaint } = await changeComplaint(
    deps,
    caller,
    input,
    canReadComplaint,
    async ({ draft, work, time }) => {
      guard(
        HANDLING.includes(draft.status),
        'COMPLAINT_NOT_ACCEPTED',
        `Report ${draft.id} is ${draft.status}`,
      );
      const discoveredAt = pastInstant(input.discoveredAt, work.context.now, 'input.discoveredAt');
      const numbering = await readCaseNumbering(
        deps.store,
        caller.actor.unitId as string,
        work.context.now,
        time,
      );
      opened = addNewCase(
        work,
        {
          bureauUnitId: caller.actor.unitId as string,
          title: input.title,
          source: { kind: 'HOTLINE_12369', complaintId: draft.id, note: input.note },
          party,
          outfalls: input.outfalls,
          townshipUnitId: input.townshipUnitId ?? draft.townshipUnitId,
          discoveredAt,
          note: input.note,
        },
        numbering,
        { actor: caller.actor, settings: casesConfig, time, discharger },
      );
      draft.caseIds = [...draft.caseIds, opened.id];
      work.audit({
        entityType: COMPLAINT,
        entityId: draft.id,
        action: 'OPEN_CASE',
        summary: `Case ${opened.number} opened from this report`,
      });
      work.emit(events.ComplaintCaseOpened, { ...ref(draft), caseId: opened.id, caseNumber: opened.number });
    },
  );
  return { case: opened as EnforcementCase, complaint };
}
