/**
 * 12369 complaints: intake, acceptance or redirection, assignment, one extension, closure with the reply,
 * and cases opened from them. The reporter's contact reaches only the supervisor and the assigned unit:
 * every report a resolver returns has passed through `complaintView`.
 */

import type { EnforcementCase } from '../../services/cases/model.ts';
import {
  type ComplaintAccess,
  complaintAccess,
  complaintView,
  isAssignedOfficer,
} from '../../services/complaints/access.ts';
import {
  COMPLAINT_CHANNELS,
  COMPLAINT_OUTCOMES,
  COMPLAINT_STATUSES,
  type Complaint,
  LIMITS,
  REPLY_CHANNELS,
  type ReporterContact,
} from '../../services/complaints/model.ts';
import { listComplaintsByStatus, listComplaintsByUnit } from '../../services/complaints/repository.ts';
import { hasRole } from '../../services/shared/auth/principal.ts';
import { ForbiddenError } from '../../services/shared/errors.ts';
import { pageSize } from '../../services/shared/store/cursor.ts';
import { builder } from '../builder.ts';
import { type AuthenticatedContext, callerOf, depsOf } from '../context.ts';
import { domainId } from '../ids.ts';
import { lazy } from '../lazy.ts';
import { forwardPageArgs, keyPage } from '../pagination.ts';
import { commandInput } from './case-inputs.ts';
import { caseLoaders } from './case-loaders.ts';
import { CaseRef, ComplaintRef } from './case-refs.ts';
import { OutfallRefInput, PartyInput } from './cases-mutations.ts';
import { DeadlineRef } from './deadlines.ts';
import { HasHistoryRef } from './history.ts';
import { UnitRef } from './unit.ts';

// Loaded on a mutation's first call (graphql/commands.ts): cold starts do not parse the commands.
const {
  acceptComplaint,
  assignComplaint,
  closeComplaint,
  extendComplaint,
  intakeComplaint,
  openCaseFromComplaint,
  redirectComplaint,
} = lazy(() => import('../commands.ts'));

const ChannelEnum = builder.enumType('ComplaintChannel', { values: COMPLAINT_CHANNELS });
const StatusEnum = builder.enumType('ComplaintStatus', { values: COMPLAINT_STATUSES });
const OutcomeEnum = builder.enumType('ComplaintOutcome', { values: COMPLAINT_OUTCOMES });
const ReplyChannelEnum = builder.enumType('ReplyChannel', { values: REPLY_CHANNELS });

const ReporterRef = builder.objectRef<ReporterContact>('ReporterContact').implement({
  description: 'Seen only by the supervisor and the assigned unit.',
  fields: (t) => ({
    name: t.exposeString('name', { nullable: true }),
    phone: t.exposeString('phone', { nullable: true }),
    email: t.exposeString('email', { nullable: true }),
    wantsReply: t.exposeBoolean('wantsReply'),
  }),
});

const ClosureRef = builder.objectRef<NonNullable<Complaint['closure']>>('ComplaintClosure').implement({
  fields: (t) => ({
    closedAt: t.field({ type: 'DateTime', resolve: (c) => c.closedAt }),
    outcome: t.field({ type: OutcomeEnum, resolve: (c) => c.outcome }),
    reply: t.exposeString('reply', { description: 'The answer given to the reporter.' }),
    repliedVia: t.field({ type: ReplyChannelEnum, nullable: true, resolve: (c) => c.repliedVia ?? null }),
    late: t.exposeBoolean('late'),
  }),
});

const ExtensionRef = builder.objectRef<NonNullable<Complaint['extension']>>('ComplaintExtension').implement({
  fields: (t) => ({
    days: t.exposeInt('days'),
    reason: t.exposeString('reason'),
    at: t.field({ type: 'DateTime', resolve: (e) => e.at }),
    previousDueAt: t.field({ type: 'DateTime', resolve: (e) => e.previousDueAt }),
  }),
});

const RedirectRef = builder.objectRef<NonNullable<Complaint['redirect']>>('ComplaintRedirect').implement({
  fields: (t) => ({
    to: t.exposeString('to'),
    reason: t.exposeString('reason'),
    at: t.field({ type: 'DateTime', resolve: (r) => r.at }),
  }),
});

builder.node(ComplaintRef, {
  description: 'A report to the 12369 environmental hotline.',
  interfaces: [HasHistoryRef],
  id: { resolve: (c) => c.id },
  loadMany: (ids, ctx) =>
    caseLoaders(ctx)
      .complaint.loadMany(ids)
      .then((all) => all.map((c) => (c instanceof Error ? null : c))),
  fields: (t) => ({
    number: t.exposeString('number', { description: '`12369-<year>-<seq>`.' }),
    channel: t.field({ type: ChannelEnum, resolve: (c) => c.channel }),
    receivedAt: t.field({ type: 'DateTime', resolve: (c) => c.receivedAt }),
    location: t.exposeString('location'),
    township: t.field({
      type: UnitRef,
      nullable: true,
      resolve: (c, _a, ctx) => (c.townshipUnitId ? ctx.loaders.unit.load(c.townshipUnitId) : null),
    }),
    description: t.exposeString('description'),
    reporter: t.field({
      type: ReporterRef,
      nullable: true,
      description:
        'Null unless you are the supervisor or an officer of the assigned unit (or nobody left a contact).',
      // The view has already dropped it for others; checked again here so no path can leak it.
      resolve: (c, _a, ctx) =>
        c.reporter && (hasRole(ctx.actor, 'SUPERVISOR') || (ctx.actor && isAssignedOfficer(ctx.actor, c)))
          ? c.reporter
          : null,
    }),
    status: t.field({ type: StatusEnum, resolve: (c) => c.status }),
    desk: t.field({
      type: UnitRef,
      nullable: true,
      resolve: (c, _a, ctx) => ctx.loaders.unit.load(c.deskUnitId),
    }),
    acceptanceDueAt: t.field({ type: 'DateTime', resolve: (c) => c.acceptanceDueAt }),
    acceptedAt: t.field({ type: 'DateTime', nullable: true, resolve: (c) => c.acceptedAt ?? null }),
    redirect: t.field({ type: RedirectRef, nullable: true, resolve: (c) => c.redirect ?? null }),
    assignedUnit: t.field({
      type: UnitRef,
      nullable: true,
      resolve: (c, _a, ctx) => (c.assignedUnitId ? ctx.loaders.unit.load(c.assignedUnitId) : null),
    }),
    closureDueAt: t.field({ type: 'DateTime', nullable: true, resolve: (c) => c.closureDueAt ?? null }),
    extension: t.field({ type: ExtensionRef, nullable: true, resolve: (c) => c.extension ?? null }),
    closure: t.field({ type: ClosureRef, nullable: true, resolve: (c) => c.closure ?? null }),
    cases: t.field({
      type: [CaseRef],
      description: 'Cases opened from this report (those you may read).',
      resolve: async (c, _a, ctx) =>
        (await caseLoaders(ctx).case.loadMany(c.caseIds)).filter(
          (x): x is EnforcementCase => !!x && !(x instanceof Error),
        ),
    }),
    deadlines: t.field({
      type: [DeadlineRef],
      description:
        'Acceptance and closure deadlines, in due order (a re-issued closure deadline shows CANCELLED).',
      resolve: (c, _a, ctx) => caseLoaders(ctx).deadlines.load(`Complaint|${c.id}`),
    }),
    version: t.exposeInt('version'),
  }),
});

/** The report as the caller may see it; never with the contact unless allowed, even to one who just acted on it. */
function view(ctx: AuthenticatedContext, complaint: Complaint, access: ComplaintAccess): Complaint {
  const { reporter: _hidden, ...withoutContact } = complaint;
  return complaintView(ctx.actor, complaint, access) ?? withoutContact;
}

const ComplaintConnectionRef = builder.connectionObject(
  { type: ComplaintRef, name: 'ComplaintConnection' },
  { name: 'ComplaintEdge' },
);

builder.queryFields((t) => ({
  complaint: t.withAuth({ authenticated: true }).field({
    type: ComplaintRef,
    nullable: true,
    description: 'A report by id; null when there is none you may read.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => caseLoaders(ctx).complaint.load(domainId(id, 'Complaint')),
  }),
  complaints: t.withAuth({ authenticated: true }).field({
    type: ComplaintConnectionRef,
    description:
      'Reports by status (the desk, enforcement officers, the supervisor), or assigned to a unit (an officer: their own). ' +
      'Oldest first. Page size: default 50, at most 200.',
    args: { status: t.arg({ type: StatusEnum }), assignedUnitId: t.arg.id(), ...forwardPageArgs },
    resolve: async (_root, args, ctx) => {
      const access = complaintAccess(depsOf(ctx));
      const first = pageSize(args.first, 'first', 200);
      const unitId = args.assignedUnitId != null ? String(args.assignedUnitId) : undefined;
      if (!readsAll(ctx, access) && (!unitId || unitId !== ctx.actor.unitId)) {
        throw new ForbiddenError('You may list only the reports assigned to your unit: give assignedUnitId');
      }
      const page = unitId
        ? await listComplaintsByUnit(ctx.store, unitId, args.status ?? undefined, first, args.after)
        : await listComplaintsByStatus(ctx.store, args.status ?? 'RECEIVED', first, args.after);
      return keyPage({ ...page, items: page.items.map((c) => view(ctx, c, access)) });
    },
  }),
}));

function readsAll(ctx: AuthenticatedContext, access: ComplaintAccess): boolean {
  const unit = ctx.actor.unitId;
  return (
    hasRole(ctx.actor, 'SUPERVISOR') ||
    (!!unit &&
      hasRole(ctx.actor, 'UNIT_OFFICER', 'ENFORCEMENT_OFFICER') &&
      access.deskUnitIds.includes(unit)) ||
    (!!unit && hasRole(ctx.actor, 'ENFORCEMENT_OFFICER') && access.enforcementUnitIds.includes(unit))
  );
}

const ReporterInput = builder.inputType('ReporterContactInput', {
  fields: (t) => ({
    name: t.string({ description: max(50) }),
    phone: t.string({ description: 'Digits, spaces, dashes, an optional leading +.' }),
    email: t.string({ description: max(254) }),
    wantsReply: t.boolean({ description: 'Default true.' }),
  }),
});

function max(n: number): string {
  return `At most ${n} characters.`;
}

const IntakeInput = builder.inputType('IntakeComplaintInput', {
  fields: (t) => ({
    channel: t.field({ type: ChannelEnum, required: true }),
    receivedAt: t.field({ type: 'DateTime', description: 'Default: now.' }),
    location: t.string({ required: true, description: max(LIMITS.location) }),
    townshipUnitId: t.id(),
    description: t.string({ required: true, description: max(LIMITS.description) }),
    reporter: t.field({ type: ReporterInput, description: 'Optional: reports may be anonymous.' }),
  }),
});
const AcceptInput = builder.inputType('AcceptComplaintInput', {
  fields: (t) => ({
    complaintId: t.id({ required: true }),
    note: t.string({ description: max(LIMITS.reason) }),
    expectedVersion: t.int(),
  }),
});
const RedirectInput = builder.inputType('RedirectComplaintInput', {
  fields: (t) => ({
    complaintId: t.id({ required: true }),
    redirectedTo: t.string({ required: true, description: max(LIMITS.redirectedTo) }),
    reason: t.string({ required: true, description: max(LIMITS.reason) }),
    expectedVersion: t.int(),
  }),
});
const AssignInput = builder.inputType('AssignComplaintInput', {
  fields: (t) => ({
    complaintId: t.id({ required: true }),
    unitId: t.id({ required: true, description: 'A unit (not a group).' }),
    note: t.string({ description: max(LIMITS.reason) }),
    expectedVersion: t.int(),
  }),
});
const ExtendInput = builder.inputType('ExtendComplaintInput', {
  fields: (t) => ({
    complaintId: t.id({ required: true }),
    days: t.int({ required: true, description: 'At most 30 by default (a setting); once per report.' }),
    reason: t.string({ required: true, description: `Told to the reporter. ${max(LIMITS.reason)}` }),
    expectedVersion: t.int(),
  }),
});
const CloseInput = builder.inputType('CloseComplaintInput', {
  fields: (t) => ({
    complaintId: t.id({ required: true }),
    outcome: t.field({ type: OutcomeEnum, required: true }),
    reply: t.string({ required: true, description: `The answer to the reporter. ${max(LIMITS.reply)}` }),
    repliedVia: t.field({ type: ReplyChannelEnum }),
    expectedVersion: t.int(),
  }),
});
const OpenCaseInput = builder.inputType('OpenCaseFromComplaintInput', {
  fields: (t) => ({
    complaintId: t.id({ required: true }),
    title: t.string({ required: true, description: max(200) }),
    party: t.field({ type: PartyInput }),
    outfalls: t.field({ type: [OutfallRefInput], description: 'At most 50.' }),
    townshipUnitId: t.id({ description: 'Default: the report’s township.' }),
    discoveredAt: t.field({ type: 'DateTime' }),
    note: t.string({ description: max(2000) }),
    expectedVersion: t.int({ description: 'Of the report.' }),
  }),
});

const OpenedRef = builder
  .objectRef<{ case: EnforcementCase; complaint: Complaint }>('OpenCaseFromComplaintPayload')
  .implement({
    fields: (t) => ({
      case: t.field({ type: CaseRef, resolve: (p) => p.case }),
      complaint: t.field({ type: ComplaintRef, resolve: (p) => p.complaint }),
    }),
  });

type ComplaintCommand = (
  deps: ReturnType<typeof depsOf>,
  caller: ReturnType<typeof callerOf>,
  raw: unknown,
) => Promise<Complaint>;
const run =
  (command: ComplaintCommand) =>
  async (_root: unknown, args: { input: unknown }, ctx: AuthenticatedContext): Promise<Complaint> =>
    view(
      ctx,
      await command(depsOf(ctx), callerOf(ctx), commandInput(args.input)),
      complaintAccess(depsOf(ctx)),
    );

builder.mutationFields((t) => {
  const auth = t.withAuth({ authenticated: true });
  return {
    intakeComplaint: auth.field({
      type: ComplaintRef,
      description: 'The 12369 desk (or the supervisor) takes a report; the acceptance deadline starts.',
      args: { input: t.arg({ type: IntakeInput, required: true }) },
      resolve: run(intakeComplaint),
    }),
    acceptComplaint: auth.field({
      type: ComplaintRef,
      args: { input: t.arg({ type: AcceptInput, required: true }) },
      resolve: run(acceptComplaint),
    }),
    redirectComplaint: auth.field({
      type: ComplaintRef,
      args: { input: t.arg({ type: RedirectInput, required: true }) },
      resolve: run(redirectComplaint),
    }),
    assignComplaint: auth.field({
      type: ComplaintRef,
      args: { input: t.arg({ type: AssignInput, required: true }) },
      resolve: run(assignComplaint),
    }),
    extendComplaint: auth.field({
      type: ComplaintRef,
      args: { input: t.arg({ type: ExtendInput, required: true }) },
      resolve: run(extendComplaint),
    }),
    closeComplaint: auth.field({
      type: ComplaintRef,
      description: 'Closes a report with the reply to the reporter.',
      args: { input: t.arg({ type: CloseInput, required: true }) },
      resolve: run(closeComplaint),
    }),
    openCaseFromComplaint: auth.field({
      type: OpenedRef,
      description: 'An enforcement officer opens a case from an accepted report.',
      args: { input: t.arg({ type: OpenCaseInput, required: true }) },
      resolve: async (_root, { input }, ctx) => {
        const opened = await openCaseFromComplaint(depsOf(ctx), callerOf(ctx), commandInput(input));
        return { case: opened.case, complaint: view(ctx, opened.complaint, complaintAccess(depsOf(ctx))) };
      },
    }),
  };
});
