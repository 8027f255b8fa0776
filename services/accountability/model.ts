/** Accountability interviews (约谈): proposed by the escalation ladder, decided by the supervisor. */
import * as z from 'zod';
import { stateMachine } from '../shared/commands/transitions.ts';

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

/** A proposal is decided once: approved or dismissed, never both, never again. */
export const interviewDecisions = stateMachine<InterviewStatus, 'APPROVE' | 'DISMISS'>(
  'AccountabilityInterview',
  {
    APPROVE: { from: ['PROPOSED'], to: 'APPROVED', refused: 'INTERVIEW_DECIDED' },
    DISMISS: { from: ['PROPOSED'], to: 'DISMISSED', refused: 'INTERVIEW_DECIDED' },
  },
);
