/**
 * Who acts on which step of a hand-off. Enforcement officers of the bureau (the cases' enforcement units)
 * take the bureau's steps; the bureau head's approval is the SUPERVISOR's (the district's supervisor
 * stands for the head: Clearwater has no head role of its own); police officers of the hand-off's police
 * unit take the police's steps, and see a hand-off only once it was transferred to them. Nobody takes the
 * other side's steps.
 */
import { type CaseAccess, isEnforcementOfficer } from '../cases/access.ts';
import { policy } from '../shared/auth/policy.ts';
import { type Actor, hasRole } from '../shared/auth/principal.ts';
import type { Handoff } from './model.ts';
import type { ActingSide } from './workflow.ts';

export function isPoliceOfficer(actor: Actor, policeUnitId: string): boolean {
  return hasRole(actor, 'POLICE_OFFICER') && actor.unitId === policeUnitId;
}

/** The role check of a side, before anything is read. */
export const canActAs = {
  BUREAU: policy<CaseAccess>(
    'handoffBureauStep',
    isEnforcementOfficer,
    'Only enforcement officers of the ecology and environment bureau take the bureau’s hand-off steps',
  ),
  HEAD: policy<CaseAccess>(
    'handoffApproval',
    (actor) => hasRole(actor, 'SUPERVISOR'),
    'The transfer is approved by the bureau’s head (the SUPERVISOR role)',
  ),
  POLICE: policy<CaseAccess>(
    'handoffPoliceStep',
    (actor) => hasRole(actor, 'POLICE_OFFICER'),
    'Only police officers take the police’s hand-off steps',
  ),
} satisfies Record<ActingSide, unknown>;

/** Who sees a hand-off: the supervisor and the bureau, and the police unit it was transferred to. */
export function canSeeHandoff(
  actor: Actor,
  access: CaseAccess,
  h: Pick<Handoff, 'policeUnitId' | 'transferredAt'>,
) {
  return (
    hasRole(actor, 'SUPERVISOR') ||
    isEnforcementOfficer(actor, access) ||
    (!!h.transferredAt && isPoliceOfficer(actor, h.policeUnitId))
  );
}

/** A police unit's queue and feed: its officers and integrators, and the supervisor. */
export const canReadPoliceUnit = policy<string>(
  'readPoliceQueue',
  (actor, policeUnitId) =>
    hasRole(actor, 'SUPERVISOR') ||
    (hasRole(actor, 'POLICE_OFFICER', 'INTEGRATOR') && actor.unitId === policeUnitId),
  'Only the police unit’s own officers and systems (and the supervisor) read its queue and feed',
);

/** Joint work (consultations, joint inspections) is done by officers of both agencies. */
export const canDoJointWork = policy<CaseAccess & { policeUnitId: string }>(
  'jointWork',
  (actor, access) => isEnforcementOfficer(actor, access) || isPoliceOfficer(actor, access.policeUnitId),
  'Consultations and joint inspections are recorded by enforcement and police officers',
);
