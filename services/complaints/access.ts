/**
 * Who may do what with 12369 reports. The desk (officers of the desk units) and the supervisor take,
 * accept, redirect and assign them; officers of the assigned unit handle, extend and close them; the
 * enforcement officers who open cases from them read them. The reporter's contact is seen only by the
 * supervisor and the assigned unit: every view of a report passes through `complaintView`.
 */
import { casesSettings } from '../cases/settings.ts';
import { policy } from '../shared/auth/policy.ts';
import { type Actor, hasRole } from '../shared/auth/principal.ts';
import type { Deps } from '../shared/deps.ts';
import type { Complaint } from './model.ts';
import { complaintsSettings } from './settings.ts';

export interface ComplaintAccess {
  deskUnitIds: readonly string[];
  enforcementUnitIds: readonly string[];
}

/** The units the settings make the desk and the enforcers (read paths need it as much as commands). */
export function complaintAccess(deps: Pick<Deps, 'settings'>): ComplaintAccess {
  return {
    deskUnitIds: complaintsSettings(deps).deskUnitIds,
    enforcementUnitIds: casesSettings(deps).enforcementUnitIds,
  };
}

type Subject = ComplaintAccess & { complaint?: Pick<Complaint, 'assignedUnitId'> };

const OFFICER_ROLES = ['UNIT_OFFICER', 'ENFORCEMENT_OFFICER'] as const;

export function isDeskOfficer(actor: Actor, access: ComplaintAccess): boolean {
  return hasRole(actor, ...OFFICER_ROLES) && !!actor.unitId && access.deskUnitIds.includes(actor.unitId);
}

export function isAssignedOfficer(actor: Actor, complaint?: Pick<Complaint, 'assignedUnitId'>): boolean {
  return (
    hasRole(actor, ...OFFICER_ROLES) &&
    !!complaint?.assignedUnitId &&
    actor.unitId === complaint.assignedUnitId
  );
}

function isCaseOfficer(actor: Actor, access: ComplaintAccess): boolean {
  return (
    hasRole(actor, 'ENFORCEMENT_OFFICER') &&
    !!actor.unitId &&
    access.enforcementUnitIds.includes(actor.unitId)
  );
}

export const canRunDesk = policy<Subject>(
  'runComplaintDesk',
  (actor, access) => hasRole(actor, 'SUPERVISOR') || isDeskOfficer(actor, access),
  'Only the 12369 desk and the supervisor take, accept, redirect and assign reports',
);

export const canHandle = policy<Subject>(
  'handleComplaint',
  (actor, { complaint }) => hasRole(actor, 'SUPERVISOR') || isAssignedOfficer(actor, complaint),
  'Only the assigned unit and the supervisor extend and close a report',
);

export const canReadComplaint = policy<Subject>(
  'readComplaint',
  (actor, access) =>
    hasRole(actor, 'SUPERVISOR') ||
    isDeskOfficer(actor, access) ||
    isCaseOfficer(actor, access) ||
    isAssignedOfficer(actor, access.complaint),
  'This report is not yours to read',
);

/** Whether the caller may see who reported: the supervisor and the assigned unit only. */
export function canSeeReporter(
  actor: Actor | null | undefined,
  complaint: Pick<Complaint, 'assignedUnitId'>,
): boolean {
  return !!actor && (hasRole(actor, 'SUPERVISOR') || isAssignedOfficer(actor, complaint));
}

/** The report as this caller may see it: null when not at all, without the contact unless allowed. */
export function complaintView(
  actor: Actor | null | undefined,
  complaint: Complaint,
  access: ComplaintAccess,
): Complaint | null {
  if (!actor || !canReadComplaint.allows(actor, { ...access, complaint })) return null;
  if (canSeeReporter(actor, complaint)) return complaint;
  const { reporter: _hidden, ...rest } = complaint;
  return rest;
}
