/**
 * The plan context's data: the plan document format (what a plan file and the import mutation carry)
 * and the stored shapes derived from it. One zod schema per concept; types are inferred from them.
 */
import * as z from 'zod';
import { Unit, UnitId } from '../units/model.ts';

export { Unit };

export const ASSIGNMENT_ROLES = ['LEAD', 'RESPONSIBLE', 'COOPERATING', 'SUPERVISING'] as const;
export const AssignmentRole = z.enum(ASSIGNMENT_ROLES);
export type AssignmentRole = z.infer<typeof AssignmentRole>;

const Slug = UnitId;
const TaskNumber = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,15}$/, 'must be letters, digits, dots or dashes');
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const MonthOrInstant = z
  .string()
  .refine((v) => MONTH.test(v) || (INSTANT.test(v) && !Number.isNaN(Date.parse(v))), {
    message: 'must be YYYY-MM (the end of that month) or an ISO 8601 instant with an offset',
  });
const Text = (max: number) => z.string().trim().min(1).max(max);

export const ASSIGNMENT_SCOPES = ['WHOLE', 'NAMED_MEMBERS'] as const;

export const Assignment = z.object({
  role: AssignmentRole,
  unitId: Slug,
  /** Qualifier from the document, e.g. "依照职责分别负责" or "相关乡镇办". */
  note: Text(200).optional(),
  /**
   * `NAMED_MEMBERS`: a group assigned as 「相关乡镇办」 — only the members the supervisor names for this
   * task (`memberIds`) are assigned, none until named. `WHOLE` (the default): the unit, or every member.
   */
  scope: z.enum(ASSIGNMENT_SCOPES).optional(),
  memberIds: z.array(Slug).max(200).optional(),
});
export type Assignment = z.infer<typeof Assignment>;

export const Indicator = z
  .object({
    id: Slug,
    name: Text(200),
    unit: Text(20),
    /** At least `min` and/or at most `max`: `≥ 40 %` is `{ min: 40 }`, `1–3 m³/s` is `{ min: 1, max: 3 }`. */
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
  })
  .refine((i) => i.min !== undefined || i.max !== undefined, { message: 'needs min or max', path: ['min'] })
  .refine((i) => i.min === undefined || i.max === undefined || i.min <= i.max, {
    message: 'min must not exceed max',
    path: ['max'],
  });
export type Indicator = z.infer<typeof Indicator>;

export const MilestoneInput = z.object({
  id: Slug,
  title: Text(200),
  /** `YYYY-MM` = end of that month in the plan's time zone; an ISO instant; absent = end of plan year. */
  due: MonthOrInstant.optional(),
  recurrence: z.enum(['QUARTERLY']).optional(),
  /**
   * A milestone that is one unit's duty rather than the task's LEAD/RESPONSIBLE units' (task 11's
   * quarterly monitoring is 市生态环境局盐湖分局's, with results going to 区水务局).
   */
  duty: z.object({ unitId: Slug, reportsToUnitId: Slug.optional(), note: Text(200).optional() }).optional(),
});

export const TaskInput = z.object({
  number: TaskNumber,
  category: z.string().regex(/^[A-Z][A-Z_]{1,39}$/, 'must be an UPPER_SNAKE_CASE code'),
  /** The heading the task stands under in the document, e.g. （一）强化城镇生活污染治理. */
  section: Text(100).optional(),
  title: Text(200),
  description: Text(5000),
  /** For annex items: the task they break down, e.g. `10`. */
  parentNumber: TaskNumber.optional(),
  milestones: z.array(MilestoneInput).min(1).max(50),
  assignments: z.array(Assignment).min(1).max(50),
  indicators: z.array(Indicator).max(20).default([]),
});
export type TaskInput = z.infer<typeof TaskInput>;

export const EscalationStep = z.object({
  /** Event emitted when the step fires. */
  detailType: z.enum([
    'MilestoneDueSoon',
    'MilestoneOverdue',
    'MilestoneEscalated',
    'AccountabilityInterviewProposed',
  ]),
  /** Offset from the due instant, ISO-8601-like days: negative = before. */
  offsetDays: z.number().int().min(-365).max(365),
  /** Who is told: assignment roles of the task, and/or the plan's supervisor and government units. */
  notify: z
    .array(z.enum(['LEAD', 'RESPONSIBLE', 'COOPERATING', 'SUPERVISING', 'SUPERVISOR', 'GOVERNMENT']))
    .min(1),
});
export type EscalationStep = z.infer<typeof EscalationStep>;

export const DEFAULT_LADDER: EscalationStep[] = [
  { detailType: 'MilestoneDueSoon', offsetDays: -7, notify: ['LEAD', 'RESPONSIBLE'] },
  { detailType: 'MilestoneOverdue', offsetDays: 0, notify: ['LEAD', 'SUPERVISOR'] },
  { detailType: 'MilestoneEscalated', offsetDays: 7, notify: ['GOVERNMENT', 'SUPERVISOR'] },
  { detailType: 'AccountabilityInterviewProposed', offsetDays: 30, notify: ['SUPERVISOR'] },
];

const PlanShape = z.object({
  id: Slug,
  title: Text(200),
  documentNumber: Text(100),
  issuer: Text(100),
  issuedOn: z.iso.date(),
  district: Text(50),
  year: z.number().int().min(2000).max(2100),
  /** UTC offset in which "end of month" deadlines are read. */
  utcOffset: z
    .string()
    .regex(/^[+-]\d{2}:\d{2}$/)
    .default('+08:00'),
  goals: z.array(Text(500)).min(1).max(20),
  safeguards: z.array(Text(1000)).max(20).default([]),
  /** The unit that supervises the plan (the government office): receives overdue and escalation notices. */
  supervisorUnitId: Slug,
  /** The district government: receives escalations. */
  governmentUnitId: Slug,
  ladder: z.array(EscalationStep).min(1).max(10).default(DEFAULT_LADDER),
  units: z.array(Unit).min(1).max(500),
  tasks: z.array(TaskInput).min(1).max(2000),
});

// `when`: run even when the shape has problems, so one answer names every bad field.
export const PlanDocument = PlanShape.superRefine(checkReferences, { when: () => true });
export type PlanDocument = z.infer<typeof PlanDocument>;
/** What a caller writes: defaults (time zone, ladder, indicators) may be left out. */
export type PlanDocumentInput = z.input<typeof PlanDocument>;

/**
 * Cross-references inside a document: unique ids, known units and parents, group members. Runs on
 * input that may be malformed elsewhere, so it reads defensively and checks only what it can.
 */
function checkReferences(doc: z.infer<typeof PlanShape>, ctx: z.RefinementCtx) {
  const list = (value: unknown): Record<string, unknown>[] =>
    Array.isArray(value)
      ? value.filter((v): v is Record<string, unknown> => !!v && typeof v === 'object')
      : [];
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });
  const units = list(doc.units);
  const tasks = list(doc.tasks);
  const unitIds = new Set<unknown>();
  units.forEach((unit, i) => {
    if (unitIds.has(unit.id)) issue(['units', i, 'id'], `duplicate unit ${unit.id}`);
    unitIds.add(unit.id);
  });
  units.forEach((unit, i) => {
    (Array.isArray(unit.memberIds) ? unit.memberIds : []).forEach((member, j) => {
      if (!unitIds.has(member)) issue(['units', i, 'memberIds', j], `unknown unit ${member}`);
    });
  });
  for (const key of ['supervisorUnitId', 'governmentUnitId'] as const) {
    if (typeof doc[key] === 'string' && !unitIds.has(doc[key])) issue([key], `unknown unit ${doc[key]}`);
  }
  const numbers = new Set<unknown>();
  tasks.forEach((task, i) => {
    if (numbers.has(task.number)) issue(['tasks', i, 'number'], `duplicate task ${task.number}`);
    numbers.add(task.number);
    list(task.assignments).forEach((a, j) => {
      if (typeof a.unitId === 'string' && !unitIds.has(a.unitId)) {
        issue(['tasks', i, 'assignments', j, 'unitId'], `unknown unit ${a.unitId}`);
      }
      const group = units.find((u) => u.id === a.unitId);
      if (a.scope === 'NAMED_MEMBERS' && group && group.kind !== 'GROUP') {
        issue(
          ['tasks', i, 'assignments', j, 'scope'],
          `${a.unitId} is not a group: only a group has members to name`,
        );
      }
      const members = Array.isArray(group?.memberIds) ? group.memberIds : [];
      (Array.isArray(a.memberIds) ? a.memberIds : []).forEach((member, k) => {
        if (!members.includes(member)) {
          issue(['tasks', i, 'assignments', j, 'memberIds', k], `${member} is not a member of ${a.unitId}`);
        }
      });
    });
    const milestoneIds = new Set<unknown>();
    list(task.milestones).forEach((m, j) => {
      if (milestoneIds.has(m.id)) issue(['tasks', i, 'milestones', j, 'id'], `duplicate milestone ${m.id}`);
      milestoneIds.add(m.id);
      const duty = m.duty && typeof m.duty === 'object' ? (m.duty as Record<string, unknown>) : {};
      for (const field of ['unitId', 'reportsToUnitId'] as const) {
        if (typeof duty[field] === 'string' && !unitIds.has(duty[field])) {
          issue(['tasks', i, 'milestones', j, 'duty', field], `unknown unit ${duty[field]}`);
        }
      }
    });
  });
  tasks.forEach((task, i) => {
    if (task.parentNumber !== undefined && !numbers.has(task.parentNumber)) {
      issue(['tasks', i, 'parentNumber'], `unknown task ${task.parentNumber}`);
    }
  });
}

// ---- Stored shapes (what the repository returns) ----

export type Plan = Omit<PlanDocument, 'units' | 'tasks'> & {
  taskCount: number;
  importedAt: string;
  importedBy: string;
  version: number;
};

export interface LatestProgress {
  reportId: string;
  at: string;
  percentComplete: number;
  note?: string;
  actorName?: string;
  unitId?: string;
}

export interface Task {
  id: string;
  planId: string;
  number: string;
  /** Position in the document: the order tasks are listed in. */
  ordinal: number;
  category: string;
  section?: string;
  title: string;
  description: string;
  parentNumber?: string;
  assignments: Assignment[];
  indicators: Indicator[];
  percentComplete: number;
  /** Latest reported value per indicator id. */
  indicatorValues: Record<string, number>;
  latestProgress?: LatestProgress;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Milestone {
  /** `<planId>:<taskNumber>:<key>` */
  id: string;
  key: string;
  planId: string;
  taskId: string;
  taskNumber: string;
  ordinal: number;
  title: string;
  dueAt: string;
  /** True when the document states no deadline and the end of the plan year applies. */
  implicit: boolean;
  recurrence?: 'QUARTERLY';
  /** When the milestone is one unit's duty: that unit, and whom its results go to. */
  duty?: { unitId: string; reportsToUnitId?: string; note?: string };
  completedAt?: string;
  completedBy?: string;
  /** Ladder steps already fired, by detail-type, with the instant each fired. */
  firedSteps: Record<string, string>;
  /** Ladder steps passed over because they were moot when due (a reminder after the due instant). */
  skippedSteps?: string[];
}

export const MILESTONE_STATUSES = ['PENDING', 'DUE_SOON', 'OVERDUE', 'COMPLETED'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];
export const TASK_STATUSES = ['NOT_STARTED', 'IN_PROGRESS', 'OVERDUE', 'COMPLETED'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface ProgressReport {
  id: string;
  taskId: string;
  at: string;
  percentComplete: number;
  indicatorValues: Record<string, number>;
  note?: string;
  actor: { id: string; name?: string; unitId?: string };
  /** The task version this report produced. */
  taskVersion: number;
}
