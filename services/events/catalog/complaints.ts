/**
 * Events of 12369 complaints (source `clearwater.complaints`). None carries the reporter's contact or
 * the complaint's own words: those stay with the supervisor and the assigned unit.
 */
import * as z from 'zod';
import { defineEvent } from '../../shared/events/envelope.ts';

const source = 'clearwater.complaints';
const Instant = z.iso.datetime({ offset: true });

const ComplaintRef = { complaintId: z.string(), complaintNumber: z.string() };
const entity = (d: { complaintId: string }) => ({ type: 'Complaint', id: d.complaintId });

export const ComplaintReceived = defineEvent({
  source,
  detailType: 'ComplaintReceived',
  version: 1,
  description: 'A 12369 report was taken: its channel, place and acceptance deadline.',
  data: z.object({
    ...ComplaintRef,
    channel: z.string(),
    receivedAt: Instant,
    townshipUnitId: z.string().optional(),
    deskUnitId: z.string(),
    acceptanceDueAt: Instant,
  }),
  entity,
});

export const ComplaintAccepted = defineEvent({
  source,
  detailType: 'ComplaintAccepted',
  version: 1,
  description: 'A 12369 report was accepted: it must be closed, with a reply, by the closure deadline.',
  data: z.object({ ...ComplaintRef, acceptedAt: Instant, closureDueAt: Instant, late: z.boolean() }),
  entity,
});

export const ComplaintRedirected = defineEvent({
  source,
  detailType: 'ComplaintRedirected',
  version: 1,
  description: 'A 12369 report outside the bureau’s competence was redirected, with the reason.',
  data: z.object({ ...ComplaintRef, redirectedTo: z.string(), reason: z.string(), late: z.boolean() }),
  entity,
});

export const ComplaintAssigned = defineEvent({
  source,
  detailType: 'ComplaintAssigned',
  version: 1,
  description: 'An accepted 12369 report was assigned to a unit to handle and close.',
  data: z.object({ ...ComplaintRef, unitId: z.string(), closureDueAt: Instant }),
  entity,
  notice: (d) => ({
    recipientUnitIds: [d.unitId],
    severity: 'INFO',
    title: `12369举报${d.complaintNumber}已交办，请按期办结并答复`,
    subject: { type: 'Complaint', id: d.complaintId, title: d.complaintNumber },
    dueAt: d.closureDueAt,
  }),
});

export const ComplaintExtended = defineEvent({
  source,
  detailType: 'ComplaintExtended',
  version: 1,
  description:
    'The closure deadline of a 12369 report was extended once, with the reason told to the reporter.',
  data: z.object({
    ...ComplaintRef,
    days: z.number().int(),
    previousDueAt: Instant,
    closureDueAt: Instant,
    reason: z.string(),
  }),
  entity,
});

export const ComplaintCaseOpened = defineEvent({
  source,
  detailType: 'ComplaintCaseOpened',
  version: 1,
  description: 'An enforcement case was opened from a 12369 report.',
  data: z.object({ ...ComplaintRef, caseId: z.string(), caseNumber: z.string() }),
  entity,
});

export const ComplaintClosed = defineEvent({
  source,
  detailType: 'ComplaintClosed',
  version: 1,
  description: 'A 12369 report was closed and the reporter answered.',
  data: z.object({
    ...ComplaintRef,
    outcome: z.string(),
    closedAt: Instant,
    closureDueAt: Instant,
    late: z.boolean(),
    caseIds: z.array(z.string()),
  }),
  entity,
});
