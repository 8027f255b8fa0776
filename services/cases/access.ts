/**
 * Who may do what with cases and enterprise files. Enforcement officers of the enforcement units (the
 * city bureau, its Yanhu branch and its enforcement teams — a setting) run cases and keep the files; the
 * supervisor reads everything and decides closures (责令关闭), standing for the government with
 * authority. Police officers read only the cases handed to their unit or joined to it. An officer of any
 * enforcement unit acts on every bureau's cases: the city bureau, its Yanhu branch and its teams work the
 * same cases (a case's bureau is whose list and counts it is on).
 */
import { policy } from '../shared/auth/policy.ts';
import { type Actor, hasRole } from '../shared/auth/principal.ts';

/** What the case policies read: the enforcement units from the settings. */
export interface CaseAccess {
  enforcementUnitIds: readonly string[];
}

export function isEnforcementOfficer(actor: Actor, access: CaseAccess): boolean {
  return (
    hasRole(actor, 'ENFORCEMENT_OFFICER') &&
    !!actor.unitId &&
    access.enforcementUnitIds.includes(actor.unitId)
  );
}

export const canRunCases = policy<CaseAccess>(
  'runCases',
  isEnforcementOfficer,
  'Only enforcement officers of the ecology and environment bureau run cases and keep enterprise files',
);

export const canReadCases = policy<CaseAccess>(
  'readCases',
  (actor, access) => hasRole(actor, 'SUPERVISOR') || isEnforcementOfficer(actor, access),
  'Only the supervisor and enforcement officers of the ecology and environment bureau read cases',
);

export const canDecideClosure = policy<CaseAccess>(
  'decideClosure',
  (actor) => hasRole(actor, 'SUPERVISOR'),
  'A closure (责令关闭) is approved by the supervisor, for the government with authority',
);

/** A police officer sees a case once it was handed to their unit or joined to it (a consultation, 会商). */
export function isCasePoliceOfficer(actor: Actor, c: { policeUnitIds?: readonly string[] }): boolean {
  return hasRole(actor, 'POLICE_OFFICER') && !!actor.unitId && !!c.policeUnitIds?.includes(actor.unitId);
}

/** Who may look a case up by id: readers of cases, and police officers (who see only cases of theirs). */
export const canLookUpCases = policy<CaseAccess>(
  'lookUpCase',
  (actor, access) => canReadCases.allows(actor, access) || hasRole(actor, 'POLICE_OFFICER'),
  'Only the supervisor, enforcement officers and police officers (for cases handed to them) read cases',
);
