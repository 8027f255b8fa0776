/** UnitOfWork.writtenKeys: what a unit of work will put or update, for manifests of multi-transaction writes. */
import { describe, expect, it } from 'vitest';
import { systemActor } from '../../services/shared/auth/principal.ts';
import { keys } from '../../services/shared/store/keys.ts';
import { UnitOfWork } from '../../services/shared/store/transaction.ts';
import { Update } from '../../services/shared/store/update.ts';

describe('UnitOfWork.writtenKeys', () => {
  it('lists the keys of puts, updates and audit entries in order, and leaves out checks and deletes', () => {
    const work = new UnitOfWork({
      actor: systemActor('test'),
      correlationId: 'c',
      now: new Date('2020-04-10T00:00:00Z'),
    });
    work.put({ ...keys.unit('u1'), name: 'x' });
    work.update(keys.plan('p1'), new Update().set('title', 't'));
    work.check(keys.unit('u2'), { expression: 'attribute_exists(PK)' });
    work.delete(keys.unit('u3'));
    work.audit({ entityType: 'Outfall', entityId: 'o1', action: 'X', summary: 's' });

    const written = work.writtenKeys;

    expect(written.slice(0, 2)).toEqual([keys.unit('u1'), keys.plan('p1')]);
    expect(written).toHaveLength(3);
    expect(written[2]?.PK).toBe(keys.audit.partition('Outfall', 'o1'));
  });
});
