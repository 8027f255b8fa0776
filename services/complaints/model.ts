/** 12369 complaints: the stored shape and what clients send (every string bounded). */
import * as z from 'zod';

export const COMPLAINT_CHANNELS = ['PHONE', 'WEB', 'WECHAT', 'LETTER', 'VISIT', 'OTHER'] as const;
export const COMPLAINT_STATUSES = ['RECEIVED', 'ACCEPTED', 'REDIRECTED', 'ASSIGNED', 'CLOSED'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
export const COMPLAINT_OUTCOMES = ['SUBSTANTIATED', 'PARTLY_SUBSTANTIATED', 'UNSUBSTANTIATED'] as const;
export const REPLY_CHANNELS = ['PHONE', 'SMS', 'LETTER', 'EMAIL', 'WEB', 'IN_PERSON'] as const;

/** Who reported, if they said: visible only to the supervisor and the assigned unit. */
export interface ReporterContact {
  name?: string;
  phone?: string;
  email?: string;
  wantsReply: boolean;
}

export interface Complaint {
  id: string;
  /** `12369-<year>-<seq>`. */
  number: string;
  channel: (typeof COMPLAINT_CHANNELS)[number];
  receivedAt: string;
  receivedBy: string;
  location: string;
  townshipUnitId?: string;
  description: string;
  reporter?: ReporterContact;
  status: ComplaintStatus;
  deskUnitId: string;
  acceptanceDueAt: string;
  acceptedAt?: string;
  acceptanceNote?: string;
  redirect?: { to: string; reason: string; at: string };
  assignedUnitId?: string;
  assignedAt?: string;
  /** The closure deadline now in force (moved by the extension), and its item's name. */
  closureDueAt?: string;
  closureDeadline?: string;
  extension?: { days: number; reason: string; at: string; previousDueAt: string };
  caseIds: string[];
  closure?: {
    closedAt: string;
    outcome: (typeof COMPLAINT_OUTCOMES)[number];
    reply: string;
    repliedVia?: (typeof REPLY_CHANNELS)[number];
    late: boolean;
  };
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const LIMITS = {
  location: 300,
  description: 4000,
  reason: 1000,
  reply: 4000,
  redirectedTo: 200,
} as const;

const Text = (max: number) => z.string().trim().min(1).max(max);
const Id = z.string().trim().min(1).max(150);
const Version = z.number().int().positive();
const Instant = z.iso.datetime({ offset: true });
const UnitId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a unit id');

export const ReporterInput = z
  .object({
    name: Text(50).optional(),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9][0-9 -]{4,30}$/, 'must be a telephone number')
      .optional(),
    email: z.email().max(254).optional(),
    wantsReply: z.boolean().default(true),
  })
  .strict();

export const IntakeComplaintInput = z.object({
  channel: z.enum(COMPLAINT_CHANNELS),
  receivedAt: Instant.optional(),
  location: Text(LIMITS.location),
  townshipUnitId: UnitId.optional(),
  description: Text(LIMITS.description),
  reporter: ReporterInput.optional(),
});

const ComplaintVersion = { complaintId: Id, expectedVersion: Version.optional() };

export const AcceptComplaintInput = z.object({ ...ComplaintVersion, note: Text(LIMITS.reason).optional() });

export const RedirectComplaintInput = z.object({
  ...ComplaintVersion,
  redirectedTo: Text(LIMITS.redirectedTo),
  reason: Text(LIMITS.reason),
});

export const AssignComplaintInput = z.object({
  ...ComplaintVersion,
  unitId: UnitId,
  note: Text(LIMITS.reason).optional(),
});

export const ExtendComplaintInput = z.object({
  ...ComplaintVersion,
  days: z.number().int().min(1),
  reason: Text(LIMITS.reason),
});

export const CloseComplaintInput = z.object({
  ...ComplaintVersion,
  outcome: z.enum(COMPLAINT_OUTCOMES),
  reply: Text(LIMITS.reply),
  repliedVia: z.enum(REPLY_CHANNELS).optional(),
});
