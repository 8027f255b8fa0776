/**
 * The hand-off's actions, one small body each over `changeHandoff`: what the step records on the
 * hand-off, the guards beyond the state machine, the limits it starts beyond the table's, and the data of
 * its event. Bureau: report, transfer, complete materials, hand over seized items, ask for
 * reconsideration or supervision, accept a refusal, enter decisions on the platform. Head: approve or
 * refuse. Police: receive, ask for materials, extend the decision period, file or decline, notify,
 * decide a reconsideration.
 */
import type { z } from 'zod';
import { handoffs as events } from '../events/catalog/index.ts';
import type { Caller, CommandDeps } from '../shared/commands/kit.ts';
import { parse } from '../shared/commands/kit.ts';
import { guard } from '../shared/commands/transitions.ts';
import type { EventDefinition } from '../shared/events/envelope.ts';
import { changeHandoff, type HandoffChange, handoffRef } from './change.ts';
import { ACTION_INPUTS, type ActionInputs, DECISION_BASES, type Handoff } from './model.ts';
import { guardDocuments, type HandoffAction, openRecord, requiredDocuments } from './workflow.ts';

type Input = keyof typeof ACTION_INPUTS;
type Body<I extends Input> = (change: HandoffChange, input: ActionInputs[I]) => Record<string, unknown>;

interface Command<I extends Input> {
  action: (input: ActionInputs[I]) => HandoffAction;
  event: (input: ActionInputs[I]) => EventDefinition;
  body: Body<I>;
}

const fixed =
  <T>(value: T) =>
  () =>
    value;

const COMMANDS: { [I in Input]: Command<I> } = {
  report: {
    action: fixed('report'),
    event: fixed(events.HandoffReported),
    body: ({ draft }, input) => {
      draft.team = input.team;
      draft.summary = input.summary;
      return { teamSize: input.team.length };
    },
  },
  decideApproval: {
    action: (i) => (i.decision === 'APPROVE' ? 'approve' : 'refuse'),
    event: (i) => (i.decision === 'APPROVE' ? events.HandoffApproved : events.HandoffRefused),
    body: ({ draft, now, work }, input) => {
      draft.approval = {
        decision: input.decision,
        reasons: input.reasons,
        at: now.toISOString(),
        by: work.context.actor.id,
      };
      return { reasons: input.reasons };
    },
  },
  transfer: {
    action: fixed('transfer'),
    event: fixed(events.CaseHandedOff),
    body: ({ draft, now, settings, case: c }, input) => {
      const required = requiredDocuments(settings.requiredDocuments, {
        itemsSeized: input.itemsSeized,
        expertOpinions: input.expertOpinions,
        penaltyDecided: !!c.fine,
      });
      guardDocuments(input.documents, required, 'HANDOFF_PACKAGE_INCOMPLETE');
      Object.assign(draft, {
        documents: input.documents,
        letterNumber: input.letterNumber,
        itemsSeized: input.itemsSeized,
        transferredAt: now.toISOString(),
      });
      return {
        letterNumber: input.letterNumber,
        transferredAt: draft.transferredAt,
        itemsSeized: input.itemsSeized,
      };
    },
  },
  receive: {
    action: fixed('receive'),
    event: fixed(events.HandoffReceived),
    body: ({ draft, now }) => {
      draft.receivedAt = now.toISOString();
      return { receivedAt: draft.receivedAt };
    },
  },
  requestMaterials: {
    action: fixed('requestMaterials'),
    event: fixed(events.HandoffMaterialsRequested),
    body: ({ draft }, input) => {
      draft.missing = input.missing;
      return { missing: input.missing, note: input.note };
    },
  },
  completeMaterials: {
    action: fixed('completeMaterials'),
    event: fixed(events.HandoffMaterialsCompleted),
    body: ({ draft }, input) => {
      guardDocuments(input.documents, draft.missing ?? [], 'HANDOFF_MATERIALS_INCOMPLETE');
      draft.documents = [...draft.documents, ...input.documents];
      draft.missing = undefined;
      return {};
    },
  },
  extendDecisionPeriod: {
    action: fixed('extendDecisionPeriod'),
    event: fixed(events.HandoffDecisionPeriodExtended),
    body: (change, input) => {
      const { draft, before, records } = change;
      const rank = (b?: string) => DECISION_BASES.indexOf((b ?? 'STANDARD') as never);
      guard(
        rank(input.basis) > rank(before.decisionBasis),
        'DECISION_PERIOD_ALREADY_EXTENDED',
        `Handoff ${draft.id}'s decision period is already ${before.decisionBasis}`,
      );
      // The table cancelled the decision limit in force; its successor counts from the same instant.
      const previous = records.filter((r) => r.context?.group === 'decision').at(-1);
      draft.decisionBasis = input.basis;
      const record = change.open(input.basis === 'MAJOR_CASE' ? 'decisionMajor' : 'decisionVerification', {
        from: new Date(previous?.startedAt ?? change.now),
      });
      const approved = input.approvedBy ? `（${input.approvedBy}批准）` : '';
      return { basis: input.basis, dueAt: record.dueAt, reasons: `${input.reasons}${approved}` };
    },
  },
  file: {
    action: fixed('file'),
    event: fixed(events.HandoffFiled),
    body: ({ draft, now }, input) => {
      draft.decision = { outcome: 'FILE', policeCaseNumber: input.policeCaseNumber, at: now.toISOString() };
      return { policeCaseNumber: input.policeCaseNumber };
    },
  },
  decline: {
    action: fixed('decline'),
    event: fixed(events.HandoffDeclined),
    body: ({ draft, now }, input) => {
      draft.decision = { outcome: 'DECLINE', reasons: input.reasons, at: now.toISOString() };
      return { reasons: input.reasons };
    },
  },
  notifyDecision: {
    action: fixed('notifyDecision'),
    event: fixed(events.HandoffDecisionNotified),
    body: (change, input) => {
      // The table met the notice limit if one was open; a notice nobody owes is refused.
      guard(
        change.wasOpen('writtenNotice'),
        'NO_NOTICE_DUE',
        `Handoff ${change.draft.id} owes no written notice`,
      );
      // A refusal's notice starts the bureau's window to ask for reconsideration (3 working days).
      if (change.draft.status === 'DECLINED') change.open('reconsiderationRequest');
      return { documentNumber: input.documentNumber };
    },
  },
  handOverSeizedItems: {
    action: fixed('handOverSeizedItems'),
    event: fixed(events.HandoffSeizedItemsHandedOver),
    body: ({ wasOpen, draft }) => {
      guard(
        wasOpen('seizedItems'),
        'NO_SEIZED_ITEMS_DUE',
        `Handoff ${draft.id} has no seized items to hand over`,
      );
      return {};
    },
  },
  requestReconsideration: {
    action: fixed('requestReconsideration'),
    event: fixed(events.HandoffReconsiderationRequested),
    body: ({ draft, now }, input) => {
      draft.reconsideration = { requestedAt: now.toISOString(), reasons: input.reasons };
      return { reasons: input.reasons };
    },
  },
  decideReconsideration: {
    action: (i) => (i.outcome === 'FILE' ? 'reconsiderFile' : 'reconsiderUphold'),
    event: fixed(events.HandoffReconsiderationDecided),
    body: ({ draft, now }, input) => {
      const at = now.toISOString();
      draft.reconsideration = {
        ...(draft.reconsideration as NonNullable<Handoff['reconsideration']>),
        outcome: input.outcome,
        decidedAt: at,
      };
      if (input.outcome === 'FILE')
        draft.decision = { outcome: 'FILE', policeCaseNumber: input.policeCaseNumber, at };
      return { outcome: input.outcome, reasons: input.reasons };
    },
  },
  requestSupervision: {
    action: fixed('requestSupervision'),
    event: fixed(events.HandoffSupervisionRequested),
    body: ({ draft, now }, input) => {
      draft.supervision = {
        requestedAt: now.toISOString(),
        procuratorate: input.procuratorate,
        reasons: input.reasons,
      };
      return { procuratorate: input.procuratorate, reasons: input.reasons };
    },
  },
  acceptDecision: {
    action: fixed('acceptDecision'),
    event: fixed(events.HandoffDeclineAccepted),
    body: () => ({}),
  },
  enterOnPlatform: {
    action: fixed('enterOnPlatform'),
    event: fixed(events.HandoffPlatformEntered),
    body: (change, input) => {
      const due = input.limitName
        ? change.records.find(
            (r) => r.name === input.limitName && !r.closedAt && r.context?.group === 'platformEntry',
          )
        : openRecord(change.records, 'platformEntry');
      guard(!!due, 'NO_PLATFORM_ENTRY_DUE', `Handoff ${change.draft.id} has no such decision to enter`);
      change.close(due as NonNullable<typeof due>, 'DONE');
      return { limitName: due?.name, platformReference: input.platformReference };
    },
  },
};

/** Runs one hand-off action from its raw input (what the GraphQL mutation passes). */
export async function handoffAction<I extends Input>(
  deps: CommandDeps,
  caller: Caller,
  kind: I,
  raw: unknown,
): Promise<Handoff> {
  const input = parse(ACTION_INPUTS[kind] as unknown as z.ZodType<ActionInputs[I]>, raw);
  const command = COMMANDS[kind] as Command<I>;
  return changeHandoff(deps, caller, command.action(input), input, (change) => {
    const data = command.body(change, input);
    const { draft, work } = change;
    work.audit({
      entityType: 'Handoff',
      entityId: draft.id,
      action: command.action(input),
      summary: `${command.event(input).detailType} (${draft.status})`,
      changes: data,
    });
    work.emit(command.event(input), { ...handoffRef(draft), ...data });
  });
}

export const HANDOFF_INPUTS = Object.keys(ACTION_INPUTS) as Input[];
