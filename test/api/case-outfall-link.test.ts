/**
 * An enterprise file (cases context) names the outfalls behind it; each resolves to the outfall in the
 * register (outfall context) for those who may read the register, and to null for an outfall not in it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { listOutfalls } from '../../services/outfalls/repository.ts';
import { seedOutfalls } from '../../services/outfalls/seed.ts';
import { outfallSettings } from '../../services/outfalls/settings.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { CREDIT_CODES, ok } from '../support/cases.ts';

const REGISTER = `mutation ($input: RegisterEnterpriseFileInput!) {
  registerEnterpriseFile(input: $input) { outfalls { outfallId code outfall { code name } } } }`;

describe('Enterprise file → outfall register', () => {
  let api: TestApi;
  let officer: string;
  let outfall: { id: string; code: string; name: string };

  beforeAll(async () => {
    api = await createTestApi({ label: 'case-outfall-link', now: '2020-05-01T09:00:00+08:00' });
    officer = await api.token('ENFORCEMENT_OFFICER', 'yanhu-eeb');
    await seedOutfalls({ store: api.store, clock: api.clock });
    const page = await listOutfalls(api.store, outfallSettings({}).district, {}, 1);
    outfall = page.items[0] as typeof outfall;
  });

  it('resolves a named outfall to the register’s, and an unknown one to null', async () => {
    const response = await api.gql(
      REGISTER,
      {
        input: {
          name: '运城市盐湖区某化工有限公司',
          creditCode: CREDIT_CODES.enterprise,
          address: '盐湖区',
          outfalls: [
            { id: outfall.id, code: outfall.code },
            { id: 'not-in-the-register', code: 'YH-NONE-001' },
          ],
        },
      },
      officer,
    );

    const file = ok<{ registerEnterpriseFile: { outfalls: unknown[] } }>(response).registerEnterpriseFile;
    expect(file.outfalls).toEqual([
      { outfallId: outfall.id, code: outfall.code, outfall: { code: outfall.code, name: outfall.name } },
      { outfallId: 'not-in-the-register', code: 'YH-NONE-001', outfall: null },
    ]);
  });
});
