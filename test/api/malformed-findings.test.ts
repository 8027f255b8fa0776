/**
 * What the malformed corpus (malformed-corpus.test.ts) found, one case each, fixed: each failed before
 * its fix. Ids of 2 KB and more, and ids of 1,000 Chinese characters, answered INTERNAL_SERVER_ERROR; a content type no parser reads got an
 * empty 415; a complaint, a case and an enterprise file could name a township the district does not
 * have; and an outfall a case or a file names could be any text, `#` and control characters included.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from '../integration/plan-fixtures.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { ok, Q, refused } from '../support/cases.ts';

describe('Findings of the malformed corpus', () => {
  let api: TestApi;
  let officer: string;

  beforeAll(async () => {
    api = await createTestApi({ label: 'malformed-findings', now: '2020-05-01T09:00:00+08:00' });
    officer = await api.token('ENFORCEMENT_OFFICER', 'yanhu-eeb');
  });

  /** Refused with BAD_USER_INPUT on `field`, and nothing written. */
  async function expectRefused(query: string, input: object, field: string) {
    const before = await snapshot(api.store);

    const response = await api.gql(query, { input }, officer);

    expect(refused(response)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await snapshot(api.store)).toEqual(before);
  }

  it.each([2_048, 100_000])('a task id of %i characters → BAD_USER_INPUT on `id`', async (length) => {
    const response = await api.gql(
      'query($id: ID!) { task(id: $id) { id } }',
      { id: 'x'.repeat(length) },
      officer,
    );

    expect(refused(response)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(response.status).toBeLessThan(500);
  });

  // DynamoDB refuses a partition key over 2,048 bytes with a server error: ids of 1,000 Chinese characters
  // (3,000 bytes) answered INTERNAL_SERVER_ERROR; ids are now at most 200 characters (600 bytes).
  it('a unit id of 200 Chinese characters is looked up, one of 1,000 refused by its length', async () => {
    const unit = (id: string) => api.gql('query($id: ID!) { unit(id: $id) { id } }', { id }, officer);

    expect(await unit('水'.repeat(200))).toMatchObject({ status: 200, data: { unit: null } });
    expect(refused(await unit('水'.repeat(1_000)))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('a content type no parser reads → 415 UNSUPPORTED_MEDIA_TYPE, with a body saying so', async () => {
    const response = await api.request({
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ plans { id } }' }),
    });

    expect(response.status).toBe(415);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors.map((e) => e.extensions.code)).toEqual(['UNSUPPORTED_MEDIA_TYPE']);
  });

  describe('a township that is not one of the district’s', () => {
    const complaint = { channel: 'PHONE', location: '解州镇东侧排水渠', description: '夜间排放黄色污水' };

    it.each([
      ['a unit that does not exist', 'no-such-township'],
      ['a unit that is no township', 'yanhu-housing'],
    ])('intakeComplaint naming %s → BAD_USER_INPUT', async (_what, townshipUnitId) => {
      await expectRefused(Q.intake, { ...complaint, townshipUnitId }, 'input.townshipUnitId');
    });

    it('openCase → BAD_USER_INPUT', async () => {
      const input = { title: '巡查发现', source: 'INSPECTION', townshipUnitId: 'no-such-township' };
      await expectRefused(Q.openCase, input, 'input.townshipUnitId');
    });

    it('registerEnterpriseFile → BAD_USER_INPUT', async () => {
      const input = { name: '某企业', address: '盐湖区', townshipUnitId: 'no-such-township' };
      await expectRefused(Q.registerEnterpriseFile, input, 'input.townshipUnitId');
    });

    it('a real township is taken', async () => {
      const input = { ...complaint, townshipUnitId: 'xiezhou' };
      ok(await api.gql(Q.intake, { input }, officer));
    });
  });

  describe('the outfall a case or an enterprise file names', () => {
    it.each([
      ['a "#"', 'yanhu-2020#1', 'input.outfalls.0.id'],
      ['control characters', 'outfall\u0000\u0007-17', 'input.outfalls.0.id'],
      ['the global id of another type', 'Unit:yanhu-housing', 'input.outfalls.0.id'],
      ['Chinese characters', '排污口'.repeat(10), 'input.outfalls.0.id'],
    ])('an outfall id with %s → BAD_USER_INPUT, nothing written', async (_what, id, field) => {
      await expectRefused(
        Q.registerEnterpriseFile,
        { name: '某企业', address: '盐湖区', outfalls: [{ id }] },
        field,
      );
      await expectRefused(Q.openCase, { title: '巡查发现', source: 'INSPECTION', outfalls: [{ id }] }, field);
    });

    it('takes an outfall’s global id and keeps its plain id', async () => {
      const file = ok<{ registerEnterpriseFile: { id: string } }>(
        await api.gql(
          Q.registerEnterpriseFile,
          {
            input: {
              name: '某电镀企业',
              address: '盐湖区',
              outfalls: [{ id: 'Outfall:01ABC', code: 'YH-1' }],
            },
          },
          officer,
        ),
      ).registerEnterpriseFile;

      const read = await api.gql<{ enterpriseFile: { outfalls: { id: string }[] } }>(
        'query($id: ID) { enterpriseFile(id: $id) { outfalls { id: outfallId } } }',
        { id: file.id },
        officer,
      );

      expect(read.data?.enterpriseFile.outfalls).toEqual([{ id: '01ABC' }]);
    });
  });
});
