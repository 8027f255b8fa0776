/**
 * Evidence: added with the SHA-256 of its content, never edited or deleted — only superseded, with the
 * reason — and verifiable later against a file or a hash. Who handled an item and when (adding,
 * custody steps, verifications, superseding) is its history (audit entity `Evidence`).
 */

import type { z } from 'zod';
import { cases as events } from '../events/catalog/index.ts';
import { authorize } from '../shared/auth/policy.ts';
import { type Caller, type CommandDeps, parse, unitOfWork } from '../shared/commands/kit.ts';
import { guard, TransitionRefusedError } from '../shared/commands/transitions.ts';
import { NotFoundError } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { getItem } from '../shared/store/items.ts';
import type { UnitOfWork } from '../shared/store/transaction.ts';
import { Update } from '../shared/store/update.ts';
import { canRunCases } from './access.ts';
import { ref } from './case-commands.ts';
import { CASE, changeCase } from './change.ts';
import { presentedHash } from './evidence-hash.ts';
import type { NewEvidenceFields } from './inputs.ts';
import {
  AddEvidenceInput,
  RecordCustodyInput,
  SupersedeEvidenceInput,
  VerifyEvidenceInput,
} from './inputs.ts';
import type { EnforcementCase, Evidence } from './model.ts';
import { childId, evidenceItem, evidenceKey, getCase, parseChildId } from './repository.ts';
import { casesSettings } from './settings.ts';
import { guardNotClosed } from './status.ts';

export const EVIDENCE = 'Evidence';

function newEvidence(
  work: UnitOfWork,
  caller: Caller,
  c: EnforcementCase,
  fields: z.output<typeof NewEvidenceFields>,
  root: string,
  supersedes?: string,
): Evidence {
  const { sha256, sizeBytes } = presentedHash(fields, root);
  const evidence: Evidence = {
    id: childId(c.id, newId(work.context.now)),
    caseId: c.id,
    kind: fields.kind,
    description: fields.description,
    takenBy: fields.takenBy,
    takenAt: new Date(fields.takenAt).toISOString(),
    fileRef: fields.fileRef,
    sha256,
    sizeBytes,
    addedAt: work.context.now.toISOString(),
    addedBy: { id: caller.actor.id, name: caller.actor.name, unitId: caller.actor.unitId },
    supersedes,
  };
  work.put(evidenceItem(evidence), { expression: 'attribute_not_exists(PK)' });
  work.audit({
    entityType: EVIDENCE,
    entityId: evidence.id,
    action: 'ADD',
    summary: `${evidence.kind} taken by ${evidence.takenBy} at ${evidence.takenAt}, added with SHA-256 ${sha256}`,
    changes: { fileRef: evidence.fileRef, sha256, sizeBytes, supersedes },
  });
  work.emit(events.EvidenceAdded, {
    ...ref(c),
    evidenceId: evidence.id,
    kind: evidence.kind,
    takenAt: evidence.takenAt,
    fileRef: evidence.fileRef,
    sha256,
    supersedes,
  });
  return evidence;
}

export async function addEvidence(deps: CommandDeps, caller: Caller, raw: unknown): Promise<Evidence> {
  const input = parse(AddEvidenceInput, raw);
  const { result } = await changeCase(deps, caller, input, ({ draft, work }) => {
    guardNotClosed(draft.case.status, draft.case.id);
    const evidence = newEvidence(work, caller, draft.case, input, 'input');
    draft.evidence.push(evidence);
    work.audit({
      entityType: CASE,
      entityId: draft.case.id,
      action: 'ADD_EVIDENCE',
      summary: `Evidence ${evidence.id} (${evidence.kind}) added`,
    });
    return evidence;
  });
  return result;
}

/** Supersedes an item (optionally by a replacement); the item itself stays, marked and unchanged. */
export async function supersedeEvidence(
  deps: CommandDeps,
  caller: Caller,
  raw: unknown,
): Promise<{ superseded: Evidence; replacement?: Evidence }> {
  const input = parse(SupersedeEvidenceInput, raw);
  const caseId = parseChildId(input.evidenceId)?.caseId;
  if (!caseId) throw new NotFoundError(EVIDENCE, input.evidenceId);
  const { result } = await changeCase(
    deps,
    caller,
    { caseId, expectedVersion: input.expectedVersion },
    ({ draft, work }) => {
      guardNotClosed(draft.case.status, draft.case.id);
      const old = draft.evidence.find((e) => e.id === input.evidenceId);
      if (!old) throw new NotFoundError(EVIDENCE, input.evidenceId);
      guard(!old.supersededAt, 'EVIDENCE_SUPERSEDED', `Evidence ${old.id} was already superseded`);
      const replacement = input.replacement
        ? newEvidence(work, caller, draft.case, input.replacement, 'input.replacement', old.id)
        : undefined;
      const marks = {
        supersededAt: work.context.now.toISOString(),
        supersededBy: replacement?.id,
        supersedeReason: input.reason,
      };
      Object.assign(old, marks);
      if (replacement) draft.evidence.push(replacement);
      work.update(evidenceKey(old.id) as never, new Update().setAll(marks), {
        expression: 'attribute_exists(PK) AND attribute_not_exists(supersededAt)',
        onFailed: () =>
          new TransitionRefusedError('EVIDENCE_SUPERSEDED', `Evidence ${old.id} was already superseded`),
      });
      work.audit({
        entityType: EVIDENCE,
        entityId: old.id,
        action: 'SUPERSEDE',
        summary: `Superseded${replacement ? ` by ${replacement.id}` : ''}: ${input.reason}`,
      });
      work.audit({
        entityType: CASE,
        entityId: draft.case.id,
        action: 'SUPERSEDE_EVIDENCE',
        summary: `Evidence ${old.id} superseded: ${input.reason}`,
      });
      work.emit(events.EvidenceSuperseded, {
        ...ref(draft.case),
        evidenceId: old.id,
        replacementId: replacement?.id,
        reason: input.reason,
      });
      return { superseded: old, replacement };
    },
  );
  return result;
}

async function loadEvidence(
  deps: CommandDeps,
  id: string,
): Promise<{ evidence: Evidence; owner: EnforcementCase }> {
  const key = evidenceKey(id);
  const caseId = parseChildId(id)?.caseId;
  if (!key || !caseId) throw new NotFoundError(EVIDENCE, id);
  const [evidence, owner] = await Promise.all([
    getItem<Evidence>(deps.store, key),
    getCase(deps.store, caseId),
  ]);
  if (!evidence || !owner) throw new NotFoundError(EVIDENCE, id);
  return { evidence, owner };
}

/** A step in the chain of custody, recorded in the item's history (the case's record is not changed). */
export async function recordEvidenceCustody(
  deps: CommandDeps,
  caller: Caller,
  raw: unknown,
): Promise<Evidence> {
  authorize(caller.actor, canRunCases, casesSettings(deps));
  const input = parse(RecordCustodyInput, raw);
  const { evidence, owner } = await loadEvidence(deps, input.evidenceId);
  const work = unitOfWork(deps, caller);
  work.check(evidenceKey(evidence.id) as never, { expression: 'attribute_exists(PK)' });
  work.audit({
    entityType: EVIDENCE,
    entityId: evidence.id,
    action: `CUSTODY_${input.action}`,
    summary: `${input.action}${input.handedTo ? ` to ${input.handedTo}` : ''}${input.note ? `: ${input.note}` : ''}`,
    changes: { action: input.action, handedTo: input.handedTo },
  });
  work.emit(events.EvidenceCustodyRecorded, {
    ...ref(owner),
    evidenceId: evidence.id,
    action: input.action,
    handedTo: input.handedTo,
  });
  await work.commit(deps.store);
  return evidence;
}

export interface EvidenceVerification {
  evidence: Evidence;
  match: boolean;
  recordedSha256: string;
  presentedSha256: string;
}

/** Compares a file (or its hash) with the hash recorded when the item was added; the check is in the history. */
export async function verifyEvidence(
  deps: CommandDeps,
  caller: Caller,
  raw: unknown,
): Promise<EvidenceVerification> {
  authorize(caller.actor, canRunCases, casesSettings(deps));
  const input = parse(VerifyEvidenceInput, raw);
  const { sha256 } = presentedHash(input, 'input');
  const { evidence } = await loadEvidence(deps, input.evidenceId);
  const match = sha256 === evidence.sha256;
  const work = unitOfWork(deps, caller);
  work.audit({
    entityType: EVIDENCE,
    entityId: evidence.id,
    action: match ? 'VERIFY_MATCH' : 'VERIFY_MISMATCH',
    summary: match
      ? 'Verified: the content presented matches the SHA-256 recorded'
      : `Verification FAILED: presented SHA-256 ${sha256} differs from the recorded ${evidence.sha256}`,
    changes: { presentedSha256: sha256, recordedSha256: evidence.sha256 },
  });
  await work.commit(deps.store);
  return { evidence, match, recordedSha256: evidence.sha256, presentedSha256: sha256 };
}
