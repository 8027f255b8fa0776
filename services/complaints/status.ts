/** The life of a 12369 report: received, accepted (or redirected), assigned, closed with a reply. */
import { stateMachine } from '../shared/commands/transitions.ts';
import type { ComplaintStatus } from './model.ts';

export const complaintMachine = stateMachine<ComplaintStatus, 'accept' | 'redirect' | 'assign' | 'close'>(
  'Complaint',
  {
    accept: { from: ['RECEIVED'], to: 'ACCEPTED', refused: 'COMPLAINT_NOT_RECEIVED' },
    redirect: { from: ['RECEIVED'], to: 'REDIRECTED', refused: 'COMPLAINT_NOT_RECEIVED' },
    /** Assigned again: another unit takes it over, the closure deadline unchanged. */
    assign: { from: ['ACCEPTED', 'ASSIGNED'], to: 'ASSIGNED', refused: 'COMPLAINT_NOT_ACCEPTED' },
    close: { from: ['ASSIGNED'], to: 'CLOSED', refused: 'COMPLAINT_NOT_ASSIGNED' },
  },
);

/** States in which a report is being handled: it can be extended and can open a case. */
export const HANDLING: readonly ComplaintStatus[] = ['ACCEPTED', 'ASSIGNED'];
