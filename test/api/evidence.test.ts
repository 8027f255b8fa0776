/**
 * Evidence integrity: the SHA-256 of an item is recorded when it is added (computed by the client or
 * by the server from the content), can be verified later, is never edited or deleted — only superseded
 * with a reason — and who handled it is its history.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from '../integration/plan-fixtures.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { ok, Q, refused } from '../support/cases.ts';
import { committedEvents } from '../support/outbox.ts';

const PHOTO = Buffer.from('JPEG…排口取样现场照片…', 'utf8');
const PHOTO_SHA = createHash('sha256').update(PHOTO).digest('hex');

const HISTORY = `query($id: ID!) { case(id: $id) { evidence { id superseded supersedeReason supersedes { id } supersededBy { id }
  history { edges { node { action summary actor { actorId } } } } } } }`;

interface EvidenceNode {
  id: string;
  superseded: boolean;
  supersedeReason: string | null;
  supersedes: { id: string } | null;
  supersededBy: { id: string } | null;
  history: { edges: { node: { action: string; summary: string; actor: { actorId: string } } }[] };
}

describe('Evidence', () => {
  let api: TestApi;
  let officer: string;
  let caseId: string;
  let photoId: string;

  const add = (input: object) =>
    api.gql(
      Q.addEvidence,
      {
        input: {
          caseId,
          kind: 'PHOTO',
          description: '排口取样现场',
          takenBy: '执法人员甲',
          takenAt: '2020-05-01T08:40:00+08:00',
          fileRef: 's3://yanhu-eeb-evidence/2020/0001/photo-1.jpg',
          ...input,
        },
      },
      officer,
    );
  const evidenceOf = async () =>
    ok<{ case: { evidence: EvidenceNode[] } }>(await api.gql(HISTORY, { id: caseId }, officer)).case.evidence;

  beforeAll(async () => {
    api = await createTestApi({ label: 'evidence', now: '2020-05-01T09:00:00+08:00' });
    officer = await api.token('ENFORCEMENT_OFFICER', 'yanhu-eeb');
    caseId = ok<{ openCase: { id: string } }>(
      await api.gql(Q.openCase, { input: { title: '取证', source: 'INSPECTION' } }, officer),
    ).openCase.id;
  });

  it('hashes content sent inline and records the hash and size, never the content', async () => {
    const added = ok<{ addEvidence: { id: string; sha256: string; sizeBytes: number } }>(
      await add({ contentBase64: PHOTO.toString('base64') }),
    ).addEvidence;
    photoId = added.id;

    expect(added).toMatchObject({ sha256: PHOTO_SHA, sizeBytes: PHOTO.length });
    expect(JSON.stringify(await snapshot(api.store))).not.toContain(PHOTO.toString('base64'));
    const [event] = await committedEvents(api.store, 'EvidenceAdded');
    expect(event?.detail.data).toMatchObject({ sha256: PHOTO_SHA, kind: 'PHOTO' });
  });

  it('takes a hash the client computed, in any case', async () => {
    const added = ok<{ addEvidence: { sha256: string; sizeBytes: number | null } }>(
      await add({ kind: 'MONITORING_REPORT', sha256: 'AB'.repeat(32) }),
    ).addEvidence;

    expect(added).toEqual(expect.objectContaining({ sha256: 'ab'.repeat(32), sizeBytes: null }));
  });

  it.each([
    ['neither a hash nor the content', {}, 'input.sha256'],
    ['a hash that is not 64 hex characters', { sha256: 'xyz' }, 'input.sha256'],
    [
      'a hash that does not match the content',
      { sha256: 'a'.repeat(64), contentBase64: PHOTO.toString('base64') },
      'input.sha256',
    ],
    [
      'content over the 512 KiB cap',
      { contentBase64: Buffer.alloc(512 * 1024 + 3).toString('base64') },
      'input.contentBase64',
    ],
    ['content that is not base64', { contentBase64: '这不是base64' }, 'input.contentBase64'],
  ])('refuses %s, writing nothing', async (_name, input, field) => {
    const before = await snapshot(api.store);

    expect(refused(await add(input))).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await snapshot(api.store)).toEqual(before);
  });

  it('verifies a file against the recorded hash: match, and mismatch for one changed byte', async () => {
    const VERIFY =
      'mutation($input: VerifyEvidenceInput!) { verifyEvidence(input: $input) { match recordedSha256 presentedSha256 } }';
    const changed = Buffer.from(PHOTO);
    changed[0] = (changed[0] as number) ^ 1;

    api.clock.advance(60_000);
    const same = ok<{ verifyEvidence: { match: boolean } }>(
      await api.gql(
        VERIFY,
        { input: { evidenceId: photoId, contentBase64: PHOTO.toString('base64') } },
        officer,
      ),
    );
    api.clock.advance(60_000);
    const byHash = ok<{ verifyEvidence: { match: boolean } }>(
      await api.gql(VERIFY, { input: { evidenceId: photoId, sha256: PHOTO_SHA.toUpperCase() } }, officer),
    );
    api.clock.advance(60_000);
    const tampered = ok<{ verifyEvidence: { match: boolean; presentedSha256: string } }>(
      await api.gql(
        VERIFY,
        { input: { evidenceId: photoId, contentBase64: changed.toString('base64') } },
        officer,
      ),
    );

    expect([same.verifyEvidence.match, byHash.verifyEvidence.match, tampered.verifyEvidence.match]).toEqual([
      true,
      true,
      false,
    ]);
    expect(tampered.verifyEvidence.presentedSha256).toBe(createHash('sha256').update(changed).digest('hex'));
  });

  it('records each hand-over in the chain of custody', async () => {
    const CUSTODY =
      'mutation($input: RecordEvidenceCustodyInput!) { recordEvidenceCustody(input: $input) { id } }';
    api.clock.advance(60_000);
    ok(await api.gql(CUSTODY, { input: { evidenceId: photoId, action: 'SEALED', note: '封存' } }, officer));
    api.clock.advance(60_000);
    ok(
      await api.gql(
        CUSTODY,
        { input: { evidenceId: photoId, action: 'HANDED_OVER', handedTo: '监测站' } },
        officer,
      ),
    );

    const photo = (await evidenceOf()).find((e) => e.id === photoId);

    expect(photo?.history.edges.map((e) => e.node.action)).toEqual([
      'CUSTODY_HANDED_OVER',
      'CUSTODY_SEALED',
      'VERIFY_MISMATCH',
      'VERIFY_MATCH',
      'VERIFY_MATCH',
      'ADD',
    ]);
    expect(
      photo?.history.edges.every((e) => e.node.actor.actorId === 'dev-enforcement_officer-yanhu-eeb'),
    ).toBe(true);
  });

  it('supersedes an item with a reason and a replacement; the old one stays, marked, and is not superseded twice', async () => {
    const SUPERSEDE = `mutation($input: SupersedeEvidenceInput!) { supersedeEvidence(input: $input) {
      superseded { id superseded } replacement { id sha256 supersedes { id } } } }`;
    const replacementContent = Buffer.from('JPEG…重新拍摄…');

    const result = ok<{
      supersedeEvidence: {
        superseded: { id: string; superseded: boolean };
        replacement: { id: string; sha256: string; supersedes: { id: string } };
      };
    }>(
      await api.gql(
        SUPERSEDE,
        {
          input: {
            evidenceId: photoId,
            reason: '原照片未显示采样点编号',
            replacement: {
              kind: 'PHOTO',
              description: '重新拍摄，含采样点编号',
              takenBy: '执法人员甲',
              takenAt: '2020-05-01T08:55:00+08:00',
              fileRef: 's3://yanhu-eeb-evidence/2020/0001/photo-2.jpg',
              contentBase64: replacementContent.toString('base64'),
            },
          },
        },
        officer,
      ),
    ).supersedeEvidence;

    expect(result.superseded).toEqual({ id: photoId, superseded: true });
    expect(result.replacement.supersedes.id).toBe(photoId);
    const all = await evidenceOf();
    expect(all).toHaveLength(3);
    expect(all.find((e) => e.id === photoId)).toMatchObject({
      supersedeReason: '原照片未显示采样点编号',
      supersededBy: { id: result.replacement.id },
    });
    const again = await api.gql(SUPERSEDE, { input: { evidenceId: photoId, reason: '再次替换' } }, officer);
    expect(refused(again)).toMatchObject({ code: 'CONFLICT', reason: 'EVIDENCE_SUPERSEDED' });
  });

  it('exposes no mutation that edits or deletes evidence', async () => {
    const schema = ok<{ __schema: { mutationType: { fields: { name: string }[] } } }>(
      await api.gql('{ __schema { mutationType { fields { name } } } }', {}, officer),
    );
    const names = schema.__schema.mutationType.fields.map((f) => f.name).filter((n) => /evidence/i.test(n));

    expect(names.sort()).toEqual([
      'addEvidence',
      'recordEvidenceCustody',
      'supersedeEvidence',
      'verifyEvidence',
    ]);
  });
});
