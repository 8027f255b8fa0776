import { describe, expect, it } from 'vitest';
import { publicParty } from '../../../services/cases/public-records.ts';

describe('Public party names', () => {
  it('shows a legal entity’s name and credit code', () => {
    expect(
      publicParty({
        name: '运城市盐湖区某电镀有限公司',
        creditCode: '91350100M000100Y43',
        dischargerId: 'x',
      }),
    ).toEqual({
      name: '运城市盐湖区某电镀有限公司',
      creditCode: '91350100M000100Y43',
      masked: false,
    });
  });

  it('masks an individual business (92…) and a party without a code, which may be natural persons', () => {
    expect(publicParty({ name: '张三汽修部', creditCode: '92140802MA0K1234XX' })).toEqual({
      name: '张某',
      masked: true,
    });
    expect(publicParty({ name: '李四' })).toEqual({ name: '李某', masked: true });
  });
});
