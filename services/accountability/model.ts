/** Accountability interviews (约谈): proposed by the escalation ladder, decided by the supervisor. */
import * as z from 'zod';

export const INTERVIEW_STATUSES = ['PROPOSED', 'APPROVED', 'DISMISSED'] as const;
export type InterviewStatus = (typeof INTERVIEW_STATUSES)[number];

export interface AccountabilityInterview {
  id: string;
  planId: string;
  taskId: string;
  taskNumber: string;
  taskTitle: string;
  milestoneId: string;
  milestoneTitle: string;
  dueAt: string;
  /** The LEAD and RESPONSIBLE units of the overdue task: who would be interviewed. */
  unitIds: string[];
  status: InterviewStatus;
  proposedAt: string;
  decidedAt?: string;
  decidedBy?: string;
  reason?: string;
  version: number;
}

export const DecideInterviewInput = z.object({
  interviewId: z.string().min(1).max(100),
  decision: z.enum(['APPROVE', 'DISMISS']),
  reason: z.string().trim().min(1).max(2000),
  expectedVersion: z.number().int().positive().optional(),
});

export const interviewKeys = {
  interview: (id: string) => ({ PK: `INTERVIEW#${id}`, SK: '#INTERVIEW' }),
  byStatus: (status: InterviewStatus) => `INTERVIEWS#${status}`,
};
