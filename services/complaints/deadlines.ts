/**
 * The limits of a 12369 report, each a standard deadline (reminder, overdue, escalation to the
 * supervisor): acceptance from receipt; closure from acceptance, moved once by an extension. The closure
 * deadline is re-issued under a new name when the report is assigned (to remind the assigned unit) or
 * extended (to move its due instant), the previous one closed as CANCELLED, so the report's timeline
 * keeps each.
 */
import { openStandardDeadline } from '../deadlines/standard.ts';
import { DAY_MS } from '../shared/clock.ts';
import { closeDeadline, type DeadlineOutcome } from '../shared/deadlines/records.ts';
import type { UnitOfWork } from '../shared/store/transaction.ts';
import type { Period } from '../shared/time/periods.ts';
import type { DistrictTime } from '../shared/time/zone.ts';
import type { Complaint } from './model.ts';
import type { ComplaintsSettings } from './settings.ts';

export const COMPLAINT = 'Complaint';
export const ACCEPTANCE = 'acceptance';

const owner = (c: Complaint) => ({ type: COMPLAINT, id: c.id, title: `12369举报${c.number}` });

function ladder(settings: ComplaintsSettings, told: string[]) {
  return {
    remind: told,
    overdue: told,
    escalate: [settings.supervisorUnitId, ...told.filter((u) => u !== settings.supervisorUnitId)],
    remindBeforeMs: settings.reminderDays * DAY_MS,
    escalateAfterMs: settings.escalateAfterDays * DAY_MS,
  };
}

export function openAcceptanceDeadline(
  work: UnitOfWork,
  complaint: Complaint,
  settings: ComplaintsSettings,
  time: DistrictTime,
): string {
  return openStandardDeadline(
    work,
    {
      owner: owner(complaint),
      name: ACCEPTANCE,
      title: '受理或转办12369举报',
      startedAt: new Date(complaint.receivedAt),
      period: settings.acceptanceLimit,
      ladder: ladder(settings, [complaint.deskUnitId]),
      responsibleUnitIds: [complaint.deskUnitId],
    },
    time,
  ).dueAt;
}

export function closeAcceptanceDeadline(work: UnitOfWork, complaint: Complaint): DeadlineOutcome {
  return closeDeadline(work, { type: COMPLAINT, id: complaint.id }, ACCEPTANCE, complaint.acceptanceDueAt);
}

/** Opens the next closure deadline (by period from acceptance, or at a given instant) and records it on the draft. */
export function openClosureDeadline(
  work: UnitOfWork,
  draft: Complaint,
  settings: ComplaintsSettings,
  time: DistrictTime,
  due: { period: Period } | { dueAt: Date },
): void {
  const held = draft.assignedUnitId ? [draft.assignedUnitId, draft.deskUnitId] : [draft.deskUnitId];
  const told = [...new Set(held)];
  const sequence = Number(draft.closureDeadline?.split('-')[1] ?? 0) + 1;
  const name = `closure-${sequence}`;
  const record = openStandardDeadline(
    work,
    {
      owner: owner(draft),
      name,
      title: '办结12369举报并答复举报人',
      startedAt: new Date(draft.acceptedAt as string),
      ...due,
      ladder: ladder(settings, told),
      responsibleUnitIds: told,
    },
    time,
  );
  draft.closureDeadline = name;
  draft.closureDueAt = record.dueAt;
}

/** Closes the closure deadline in force: MET or LATE when done, CANCELLED when re-issued. */
export function closeClosureDeadline(
  work: UnitOfWork,
  complaint: Complaint,
  how: 'DONE' | 'CANCELLED',
): DeadlineOutcome {
  return closeDeadline(
    work,
    { type: COMPLAINT, id: complaint.id },
    complaint.closureDeadline as string,
    complaint.closureDueAt as string,
    how,
  );
}
