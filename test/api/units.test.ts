/**
 * The district's units (issue 7, item 9; issue 6, item 11): 各乡镇办's membership is data the supervisor
 * maintains, audited and announced; 「相关乡镇办」 on a task means the townships the supervisor names; a
 * plan may reuse a unit only under the same name.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from '../integration/plan-fixtures.ts';
import { createTestApi, type TestApi, YANHU_PLAN } from '../support/api.ts';

const MEMBERS =
  '{ unit(id: "yanhu-townships") { members { id } unconfirmed history { edges { node { action summary } } } } }';
const ADD =
  'mutation ($input: GroupMemberInput!) { addGroupMember(input: $input) { members { id: unitId } } }';
const REMOVE =
  'mutation ($input: GroupMemberInput!) { removeGroupMember(input: $input) { members { id: unitId } } }';
const NAME =
  'mutation ($input: NameTaskMembersInput!) { nameTaskMembers(input: $input) { version assignments { unit { id: unitId } scope namedMembers { id: unitId } } } }';
const REPORT = 'mutation ($input: ReportProgressInput!) { reportProgress(input: $input) { version } }';

describe('Units and groups', () => {
  let api: TestApi;
  let supervisor: string;

  beforeAll(async () => {
    api = await createTestApi({ label: 'units' });
    supervisor = await api.token('SUPERVISOR', 'yanhu-gov-office');
  });

  it('lists the 21 divisions of 各乡镇办 from public listings, marked as to be confirmed', async () => {
    const response = await api.gql<{ unit: { members: unknown[]; unconfirmed: boolean } }>(
      MEMBERS,
      {},
      supervisor,
    );
    expect(response.data?.unit.members).toHaveLength(21);
    expect(response.data?.unit.unconfirmed).toBe(true);
  });

  it('lets the supervisor remove and add members, audited on the group', async () => {
    const removed = await api.gql<{ removeGroupMember: { members: { id: string }[] } }>(
      REMOVE,
      { input: { groupId: 'yanhu-townships', unitId: 'shangwang', reason: '区划调整' } },
      supervisor,
    );
    expect(removed.errors).toBeUndefined();
    expect(removed.data?.removeGroupMember.members.map((m) => m.id)).not.toContain('shangwang');
    expect(removed.data?.removeGroupMember.members).toHaveLength(20);

    api.clock.advance(60_000);
    const added = await api.gql<{ addGroupMember: { members: { id: string }[] } }>(
      ADD,
      { input: { groupId: 'yanhu-townships', unitId: 'shangwang', reason: '区划调整撤回' } },
      supervisor,
    );
    expect(added.data?.addGroupMember.members.map((m) => m.id)).toContain('shangwang');

    const group = await api.gql<{
      unit: { history: { edges: { node: { action: string; summary: string } }[] } };
    }>(MEMBERS, {}, supervisor);
    expect(group.data?.unit.history.edges.map((e) => e.node.action)).toEqual(['ADD_MEMBER', 'REMOVE_MEMBER']);
    expect(group.data?.unit.history.edges[1]?.node.summary).toContain('区划调整');
  });

  it('refuses what cannot be: a member twice, a non-member removed, a unit that is no group, an unknown unit', async () => {
    const cases: [string, Record<string, string>, string, string?][] = [
      [ADD, { groupId: 'yanhu-townships', unitId: 'xiezhou' }, 'CONFLICT', 'ALREADY_A_MEMBER'],
      [REMOVE, { groupId: 'yanhu-townships', unitId: 'yanhu-police' }, 'CONFLICT', 'NOT_A_MEMBER'],
      [ADD, { groupId: 'yanhu-housing', unitId: 'xiezhou' }, 'CONFLICT', 'UNIT_NOT_A_GROUP'],
      [ADD, { groupId: 'yanhu-townships', unitId: 'nowhere' }, 'NOT_FOUND'],
      [ADD, { groupId: 'yanhu-townships', unitId: 'Bad#Id' }, 'BAD_USER_INPUT'],
    ];
    for (const [mutation, input, code, reason] of cases) {
      const before = await snapshot(api.store);
      const response = await api.gql(mutation, { input: { ...input, reason: 'test' } }, supervisor);
      expect(response.errors?.[0]?.extensions?.code, JSON.stringify(input)).toBe(code);
      if (reason) expect(response.errors?.[0]?.extensions?.reason).toBe(reason);
      expect(await snapshot(api.store)).toEqual(before);
    }
  });

  it('lets only the supervisor maintain groups', async () => {
    const officer = await api.token('UNIT_OFFICER', 'xiezhou');
    const response = await api.gql(
      ADD,
      { input: { groupId: 'yanhu-townships', unitId: 'yanhu-police', reason: 'x' } },
      officer,
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  describe('「相关乡镇办」 named per task', () => {
    it('keeps a township off task 9 until the supervisor names it, then lets it report', async () => {
      const xiezhou = await api.token('UNIT_OFFICER', 'xiezhou');
      const before = await api.gql(
        REPORT,
        { input: { taskId: 'yanhu-2020:9', percentComplete: 10 } },
        xiezhou,
      );
      expect(before.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

      const named = await api.gql<{
        nameTaskMembers: {
          assignments: { unit: { id: string }; scope: string; namedMembers: { id: string }[] }[];
        };
      }>(
        NAME,
        {
          input: {
            taskId: 'yanhu-2020:9',
            groupId: 'yanhu-townships',
            memberIds: ['xiezhou', 'longju'],
            reason: '涑水河沿线',
          },
        },
        supervisor,
      );
      expect(named.errors).toBeUndefined();
      const townships = named.data?.nameTaskMembers.assignments.find((a) => a.unit.id === 'yanhu-townships');
      expect(townships).toEqual({
        unit: { id: 'yanhu-townships' },
        scope: 'NAMED_MEMBERS',
        namedMembers: [{ id: 'xiezhou' }, { id: 'longju' }],
      });

      const after = await api.gql(
        REPORT,
        { input: { taskId: 'yanhu-2020:9', percentComplete: 10 } },
        xiezhou,
      );
      expect(after.errors).toBeUndefined();
      const other = await api.token('UNIT_OFFICER', 'taocun');
      const refused = await api.gql(
        REPORT,
        { input: { taskId: 'yanhu-2020:9', percentComplete: 10 } },
        other,
      );
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it('refuses a unit that is not a member of the group, and a group not assigned as 「相关」', async () => {
      const notMember = await api.gql(
        NAME,
        {
          input: {
            taskId: 'yanhu-2020:9',
            groupId: 'yanhu-townships',
            memberIds: ['yanhu-police'],
            reason: 'x',
          },
        },
        supervisor,
      );
      expect(notMember.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.memberIds.0',
      });
      const whole = await api.gql(
        NAME,
        {
          input: { taskId: 'yanhu-2020:13', groupId: 'yanhu-townships', memberIds: ['xiezhou'], reason: 'x' },
        },
        supervisor,
      );
      expect(whole.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.groupId' });
    });
  });

  describe('Units across plans', () => {
    const otherPlan = (unit: { id: string; name: string; kind: string; memberIds?: string[] }) => ({
      ...YANHU_PLAN,
      id: 'yanhu-2021',
      year: 2021,
      units: [...YANHU_PLAN.units.filter((u) => u.id !== unit.id), unit],
    });
    const IMPORT =
      'mutation ($d: JSON!, $dry: Boolean) { importPlan(document: $d, dryRun: $dry) { id: planId } }';

    it('refuses a plan that reuses a unit id under another name, naming both, and writes nothing', async () => {
      const before = await snapshot(api.store);
      const renamed = otherPlan({ id: 'yanhu-housing', name: '盐湖区住建局（改）', kind: 'AGENCY' });
      for (const dry of [true, false]) {
        const response = await api.gql(IMPORT, { d: renamed, dry }, supervisor);
        expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(response.errors?.[0]?.message).toContain('盐湖区住房和城乡建设局');
        expect(response.errors?.[0]?.message).toContain('盐湖区住建局（改）');
        expect(response.errors?.[0]?.extensions?.field).toMatch(/^document\.units\.\d+\.name$/);
      }
      expect(await snapshot(api.store)).toEqual(before);
    });

    it('reuses a unit of the same id and name as stored, keeping its group membership', async () => {
      const reused = otherPlan({
        id: 'yanhu-townships',
        name: '各乡镇办',
        kind: 'GROUP',
        memberIds: ['xiezhou'],
      });
      const dry = await api.gql<{ importPlan: { id: string } }>(IMPORT, { d: reused, dry: true }, supervisor);
      expect(dry.data?.importPlan.id).toBe('yanhu-2021');
      const plans = await api.gql<{ plans: { id: string }[] }>('{ plans { id: planId } }', {}, supervisor);
      expect(plans.data?.plans.map((p) => p.id)).toEqual(['yanhu-2020']);

      const response = await api.gql(IMPORT, { d: reused }, supervisor);
      expect(response.errors).toBeUndefined();
      const group = await api.gql<{ unit: { members: unknown[] } }>(MEMBERS, {}, supervisor);
      expect(group.data?.unit.members).toHaveLength(21);
    });
  });
});
