/**
 * Enforcement cases through the API: enterprise files, a case from discovery to daily penalties, the
 * crime suspicion and its proposed hand-off, sanctions and the closure approval, refusals with their
 * reasons, and the public record.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { scanAll, snapshot } from '../integration/plan-fixtures.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { CASE_FIELDS, CREDIT_CODES, ok, Q, refused } from '../support/cases.ts';
import { committedEvents } from '../support/outbox.ts';

interface CaseView {
  id: string;
  number: string;
  status: string;
  handoffStatus: string;
  version: number;
  crimeGrounds: { code: string; basis: string[]; sampleIds: string[] }[];
  handoff: { id: string; status: string; grounds: { code: string }[]; policeUnit: { id: string } } | null;
  fine: { amount: { fen: string; yuan: string } } | null;
  penaltyCycles: {
    number: number;
    status: string;
    totalDays: number;
    total: { fen: string; yuan: string };
    reinspectionDueAt: string | null;
    reinspections: {
      on: string;
      finding: string;
      days: number;
      from: string;
      to: string;
      stoppedDays: number;
      amount: { yuan: string };
    }[];
  }[];
  dailyPenaltyTotal: { yuan: string };
  reinspectionDueAt: string | null;
  deadlines?: { name: string; dueAt: string; state: string; escalations: string[] }[];
  sanctions?: {
    id: string;
    kind: string;
    status: string;
    amount: { yuan: string } | null;
    days: number | null;
  }[];
  samples?: { id: string }[];
  published: boolean;
  outcome: string | null;
}

describe('Enforcement cases API', () => {
  let api: TestApi;
  let officer: string;
  let supervisor: string;
  let police: string;
  let dischargerId: string;

  const call = async <T = Record<string, CaseView>>(query: string, input: object, token = officer) =>
    api.gql<T>(query, { input }, token);
  const caseOf = async (id: string) => ok<{ case: CaseView }>(await api.gql(Q.case, { id }, officer)).case;

  async function investigatedCase(title: string, party?: object): Promise<CaseView> {
    const opened = ok<{ openCase: CaseView }>(
      await call(Q.openCase, { title, source: 'INSPECTION', party: party ?? { dischargerId } }),
    ).openCase;
    return ok<{ startInvestigation: CaseView }>(await call(Q.startInvestigation, { caseId: opened.id }))
      .startInvestigation;
  }

  beforeAll(async () => {
    api = await createTestApi({ label: 'cases-api', now: '2020-05-01T09:00:00+08:00' });
    officer = await api.token('ENFORCEMENT_OFFICER', 'yanhu-eeb');
    supervisor = await api.token('SUPERVISOR', 'yanhu-gov-office');
    police = await api.token('POLICE_OFFICER', 'yanhu-police');
    const registered = ok<{ registerEnterpriseFile: { id: string } }>(
      await call(Q.registerEnterpriseFile, {
        name: '运城市盐湖区某电镀有限公司',
        creditCode: CREDIT_CODES.enterprise,
        address: '盐湖区解州镇工业园',
        townshipUnitId: 'xiezhou',
        keyDischargeUnit: true,
        permits: [{ number: '91350100M000100Y43001P', kind: 'DISCHARGE_PERMIT', validTo: '2022-12-31' }],
        outfalls: [{ id: 'outfall-17', code: 'YH-IND-017' }],
      }),
    );
    dischargerId = registered.registerEnterpriseFile.id.replace(/^EnterpriseFile:/, '');
  });

  describe('enterprise files (一厂一档)', () => {
    it('refuses a credit code whose check character is wrong, naming the field and writing nothing', async () => {
      const before = await snapshot(api.store);

      const response = await call(Q.registerEnterpriseFile, {
        name: '错码企业',
        creditCode: '91350100M000100Y44',
        address: '盐湖区',
      });

      expect(refused(response)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.creditCode' });
      expect(await snapshot(api.store)).toEqual(before);
    });

    it('keeps one file per credit code', async () => {
      const response = await call(Q.registerEnterpriseFile, {
        name: '同码企业',
        creditCode: CREDIT_CODES.enterprise,
        address: '盐湖区',
      });

      expect(refused(response)).toMatchObject({ code: 'CONFLICT', reason: 'CREDIT_CODE_REGISTERED' });
    });

    it('finds a file by its credit code and accepts its global id', async () => {
      const byCode = ok<{ enterpriseFile: { id: string; name: string; keyDischargeUnit: boolean } }>(
        await api.gql(
          'query($c: String) { enterpriseFile(creditCode: $c) { id name keyDischargeUnit } }',
          { c: CREDIT_CODES.enterprise },
          officer,
        ),
      );
      expect(byCode.enterpriseFile).toMatchObject({
        id: `EnterpriseFile:${dischargerId}`,
        keyDischargeUnit: true,
      });
      const byGlobalId = ok<{ enterpriseFile: { name: string } }>(
        await api.gql(
          'query($id: ID) { enterpriseFile(id: $id) { name } }',
          { id: byCode.enterpriseFile.id },
          officer,
        ),
      );
      expect(byGlobalId.enterpriseFile.name).toBe('运城市盐湖区某电镀有限公司');
    });
  });

  describe('a case from discovery to the daily penalty', () => {
    let caseId: string;
    let sampleId: string;

    it('opens a case numbered for its bureau and year', async () => {
      const opened = ok<{ openCase: CaseView & { party: { enterpriseFile: { id: string } } } }>(
        await call(Q.openCase, {
          title: '镉超标排放',
          source: 'INSPECTION',
          party: { dischargerId: `EnterpriseFile:${dischargerId}` },
          outfalls: [{ id: 'outfall-17', code: 'YH-IND-017' }],
        }),
      ).openCase;

      caseId = opened.id.replace(/^Case:/, '');
      expect(opened).toMatchObject({
        number: 'yanhu-eeb-2020-0001',
        status: 'OPEN',
        handoffStatus: 'NONE',
        version: 1,
      });
      expect(opened.id).toBe(`Case:${caseId}`);
      expect(opened.party.enterpriseFile.id).toBe(`EnterpriseFile:${dischargerId}`);
      expect((await committedEvents(api.store, 'CaseOpened')).map((e) => e.detail.data.caseNumber)).toContain(
        'yanhu-eeb-2020-0001',
      );
    });

    it('shows the heavy-metal ground of a sample while OPEN, but suspects no crime before the investigation', async () => {
      const sample = ok<{ recordSample: { id: string; results: { multiple: number }[] } }>(
        await call(Q.recordSample, {
          caseId,
          sampledAt: '2020-05-01T08:30:00+08:00',
          outfallId: 'outfall-17',
          results: [
            { parameter: '总镉', value: 0.05, limit: 0.01, unit: 'mg/L' },
            { parameter: 'COD', value: 80, limit: 100, unit: 'mg/L' },
          ],
        }),
      ).recordSample;
      sampleId = sample.id;

      const c = await caseOf(caseId);
      expect(sample.results[0]?.multiple).toBeCloseTo(5);
      expect(c.crimeGrounds.map((g) => g.code)).toEqual(['HEAVY_METAL_EXCEEDANCE']);
      expect(c.crimeGrounds[0]?.sampleIds).toEqual([sampleId]);
      expect(c.handoffStatus).toBe('NONE');
      expect(await committedEvents(api.store, 'CaseCrimeSuspected')).toHaveLength(0);
    });

    it('suspects a crime when the investigation starts: CaseCrimeSuspected with the ground and a proposed hand-off', async () => {
      const c = ok<{ startInvestigation: CaseView }>(
        await call(Q.startInvestigation, { caseId }),
      ).startInvestigation;

      expect(c).toMatchObject({ status: 'INVESTIGATING', handoffStatus: 'CRIME_SUSPECTED' });
      expect(c.handoff).toMatchObject({
        status: 'PROPOSED',
        grounds: [{ code: 'HEAVY_METAL_EXCEEDANCE' }],
        policeUnit: { id: 'Unit:yanhu-police' },
      });
      const [event] = await committedEvents(api.store, 'CaseCrimeSuspected');
      expect(event?.source).toBe('clearwater.cases');
      expect(event?.detail.data).toMatchObject({
        caseId,
        caseStatus: 'INVESTIGATING',
        grounds: [{ code: 'HEAVY_METAL_EXCEEDANCE', sampleIds: [sampleId] }],
        handoff: { status: 'PROPOSED', policeUnitId: 'yanhu-police' },
      });
      expect(event?.detail.metadata.entity).toEqual({ type: 'Case', id: caseId });
    });

    it('proposes the hand-off once, however many grounds are met later', async () => {
      ok(await call(Q.recordFacts, { caseId, hazardousWasteTonnes: 4.5 }));

      const c = await caseOf(caseId);
      expect(c.crimeGrounds.map((g) => g.code)).toEqual([
        'HAZARDOUS_WASTE_QUANTITY',
        'HEAVY_METAL_EXCEEDANCE',
      ]);
      expect(await committedEvents(api.store, 'CaseCrimeSuspected')).toHaveLength(1);
    });

    it('refuses the correction order before the penalty decision', async () => {
      expect(refused(await call(Q.serveOrder, { caseId }))).toMatchObject({
        code: 'CONFLICT',
        reason: 'PENALTY_NOT_DECIDED',
      });
    });

    it('refuses the penalty decision until a violation is recorded', async () => {
      const response = await call(Q.decidePenalty, {
        caseId,
        decisionNumber: '盐环罚〔2020〕12号',
        fineYuan: '200000',
      });

      expect(refused(response)).toMatchObject({ code: 'CONFLICT', reason: 'NO_VIOLATION_RECORDED' });
    });

    it('decides the fine in fen, and records the penalty on the enterprise file as a toxic discharge', async () => {
      ok(await call(Q.recordViolation, { caseId, kind: 'EXCEEDING_STANDARD', description: '总镉超标4倍' }));

      const c = ok<{ decidePenalty: CaseView }>(
        await call(Q.decidePenalty, {
          caseId,
          decisionNumber: '盐环罚〔2020〕12号',
          fineYuan: '200000',
          decidedAt: '2020-05-01T09:00:00+08:00',
        }),
      ).decidePenalty;

      expect(c.status).toBe('PENALTY_DECIDED');
      expect(c.fine?.amount).toEqual({ fen: '20000000', yuan: '200000.00' });
      const file = ok<{
        enterpriseFile: { penalties: { decidedOn: string; toxic: boolean; amount: { yuan: string } }[] };
      }>(
        await api.gql(
          'query($id: ID) { enterpriseFile(id: $id) { penalties { decidedOn toxic amount { yuan } } } }',
          { id: dischargerId },
          officer,
        ),
      );
      expect(file.enterpriseFile.penalties).toEqual([
        { decidedOn: '2020-05-01', toxic: true, amount: { yuan: '200000.00' } },
      ]);
    });

    it('serves the correction order: RECTIFYING, and the re-inspection due in 30 days (rolled past a Sunday)', async () => {
      api.clock.set('2020-05-01T10:30:00+08:00');
      const c = ok<{ serveCorrectionOrder: CaseView }>(
        await call(Q.serveOrder, {
          caseId,
          documentNumber: '盐环改〔2020〕12号',
          servedAt: '2020-05-01T10:00:00+08:00',
        }),
      ).serveCorrectionOrder;

      expect(c.status).toBe('RECTIFYING');
      // 30 days after 1 May is Sunday 31 May: the limit ends at 24:00 on Monday 1 June.
      expect(c.reinspectionDueAt).toBe('2020-06-01T15:59:59.999Z');
      expect(c.penaltyCycles).toMatchObject([{ number: 1, status: 'AWAITING_REINSPECTION', totalDays: 0 }]);
    });

    it('refuses closing while the re-inspection is pending', async () => {
      const response = await call(Q.closeCase, { caseId, outcome: 'CONCLUDED', summary: '结案' });

      expect(refused(response)).toMatchObject({ code: 'CONFLICT', reason: 'REINSPECTION_PENDING' });
    });

    it('fines 200,000 CNY × 20 days = 4,000,000 CNY when the re-inspection 20 days later finds the violation', async () => {
      api.clock.set('2020-05-21T15:00:00+08:00');

      const c = ok<{ recordReinspection: CaseView }>(
        await call(Q.reinspect, {
          caseId,
          finding: 'VIOLATION_CONTINUES',
          decisionNumber: '盐环按日罚〔2020〕1号',
          renewedOrderNumber: '盐环改〔2020〕13号',
        }),
      ).recordReinspection;

      expect(c.penaltyCycles[0]?.reinspections).toEqual([
        {
          on: '2020-05-21',
          finding: 'VIOLATION_CONTINUES',
          days: 20,
          from: '2020-05-02',
          to: '2020-05-21',
          stoppedDays: 0,
          amount: { yuan: '4000000.00' },
        },
      ]);
      expect(c.penaltyCycles[0]?.total).toEqual({ fen: '400000000', yuan: '4000000.00' });
      expect(c.dailyPenaltyTotal.yuan).toBe('4000000.00');
      // The renewed order was served on the spot: the next re-inspection is due 30 days on (Mon 22 June).
      expect(c.reinspectionDueAt).toBe('2020-06-22T15:59:59.999Z');
      const [assessed] = await committedEvents(api.store, 'DailyPenaltyAssessed');
      expect(assessed?.detail.data).toMatchObject({
        fineFen: 20_000_000,
        days: 20,
        amountFen: 400_000_000,
        cycleTotalFen: 400_000_000,
      });
    });

    it('keeps every re-inspection deadline on the case’s timeline', async () => {
      const c = await caseOf(caseId);

      expect(c.deadlines?.map((d) => [d.name, d.state])).toEqual([
        ['reinspection-1-1', 'MET'],
        ['reinspection-1-2', 'OPEN'],
      ]);
      // The daily penalty and the renewed order share the re-inspection's instant: compare them as a set.
      expect(c.sanctions?.map((s) => s.kind).sort()).toEqual([
        'CORRECTION_ORDER',
        'CORRECTION_ORDER',
        'DAILY_PENALTY',
        'FINE',
      ]);
      expect(c.sanctions?.find((s) => s.kind === 'DAILY_PENALTY')).toMatchObject({
        days: 20,
        amount: { yuan: '4000000.00' },
      });
    });

    it('stops the count while a suspension stops the discharge, and accumulates across re-inspections', async () => {
      api.clock.set('2020-05-25T09:00:00+08:00');
      const suspension = ok<{ imposeSanction: { id: string; stopsDischarge: boolean } }>(
        await call(Q.impose, { caseId, kind: 'SUSPENSION', documentNumber: '盐环停〔2020〕2号' }),
      ).imposeSanction;
      expect(suspension.stopsDischarge).toBe(true);
      api.clock.set('2020-05-30T09:00:00+08:00');
      ok(await call(Q.lift, { sanctionId: suspension.id, reason: '停产整治完成，恢复生产' }));
      api.clock.set('2020-06-10T09:00:00+08:00');

      const c = ok<{ recordReinspection: CaseView }>(
        await call(Q.reinspect, { caseId, finding: 'VIOLATION_CONTINUES' }),
      ).recordReinspection;

      // 22 May – 10 June is 20 days, of which 25–29 May the discharge was stopped.
      expect(c.penaltyCycles[0]?.reinspections[1]).toMatchObject({
        from: '2020-05-22',
        to: '2020-06-10',
        stoppedDays: 5,
        days: 15,
      });
      expect(c.penaltyCycles[0]?.totalDays).toBe(35);
      expect(c.penaltyCycles[0]?.total.yuan).toBe('7000000.00');
    });

    it('ends the cycle when the violation is found corrected', async () => {
      api.clock.set('2020-06-15T09:00:00+08:00');

      const c = ok<{ recordReinspection: CaseView }>(
        await call(Q.reinspect, { caseId, finding: 'CORRECTED' }),
      ).recordReinspection;

      expect(c.penaltyCycles[0]).toMatchObject({
        status: 'CORRECTED',
        totalDays: 35,
        reinspectionDueAt: null,
      });
      expect(c.reinspectionDueAt).toBeNull();
      expect(refused(await call(Q.reinspect, { caseId, finding: 'CORRECTED' }))).toMatchObject({
        reason: 'NO_REINSPECTION_PENDING',
      });
    });

    it('starts a new cycle after a recurrence and a new penalty decision', async () => {
      api.clock.set('2020-07-01T09:00:00+08:00');
      expect(
        ok<{ reportRecurrence: CaseView }>(await call(Q.recurrence, { caseId, note: '再次发现超标排放' }))
          .reportRecurrence.status,
      ).toBe('INVESTIGATING');
      ok(await call(Q.decidePenalty, { caseId, decisionNumber: '盐环罚〔2020〕30号', fineYuan: '150000' }));
      ok(await call(Q.serveOrder, { caseId }));
      api.clock.set('2020-07-11T09:00:00+08:00');

      const c = ok<{ recordReinspection: CaseView }>(
        await call(Q.reinspect, { caseId, finding: 'VIOLATION_CONTINUES' }),
      ).recordReinspection;

      expect(c.penaltyCycles.map((cycle) => [cycle.number, cycle.totalDays, cycle.total.yuan])).toEqual([
        [1, 35, '7000000.00'],
        [2, 10, '1500000.00'],
      ]);
      expect(c.dailyPenaltyTotal.yuan).toBe('8500000.00');
    });

    it('refuses closing a case whose suspected crime awaits its hand-off', async () => {
      api.clock.set('2020-07-20T09:00:00+08:00');
      ok(await call(Q.reinspect, { caseId, finding: 'CORRECTED' }));

      const response = await call(Q.closeCase, { caseId, outcome: 'CONCLUDED', summary: '结案' });

      expect(refused(response)).toMatchObject({ code: 'CONFLICT', reason: 'HANDOFF_PENDING' });
    });

    it('refuses a stale expectedVersion, changing nothing', async () => {
      const before = await snapshot(api.store);

      const response = await call(Q.recordViolation, {
        caseId,
        kind: 'ILLEGAL_DUMPING',
        description: 'x',
        expectedVersion: 1,
      });

      expect(refused(response)).toMatchObject({ code: 'CONFLICT', expectedVersion: 1 });
      expect(await snapshot(api.store)).toEqual(before);
    });
  });

  describe('sanctions that need approval, and the public record', () => {
    let caseId: string;
    let closureId: string;

    beforeAll(async () => {
      api.clock.set('2020-08-03T09:00:00+08:00');
      const c = await investigatedCase('散乱污企业取缔', { name: '张三废品收购站' });
      caseId = c.id;
      ok(
        await call(Q.recordViolation, {
          caseId,
          kind: 'SCATTERED_POLLUTING_ENTERPRISE',
          description: '无证无照',
        }),
      );
      ok(await call(Q.decidePenalty, { caseId, decisionNumber: '盐环罚〔2020〕40号', fineYuan: '20000' }));
    });

    it('refuses imposing a sanction before the penalty decision', async () => {
      const other = await investigatedCase('未决案件');

      expect(refused(await call(Q.impose, { caseId: other.id, kind: 'SEAL_UP' }))).toMatchObject({
        reason: 'PENALTY_NOT_DECIDED',
      });
    });

    it('proposes a closure for the supervisor to approve, and asks for it in the supervisor’s inbox', async () => {
      const closure = ok<{ imposeSanction: { id: string; status: string } }>(
        await call(Q.impose, { caseId, kind: 'CLOSURE' }),
      ).imposeSanction;
      closureId = closure.id;

      expect(closure.status).toBe('PENDING_APPROVAL');
      const [asked] = await committedEvents(api.store, 'ClosureApprovalRequested');
      expect(asked?.detail.data).toMatchObject({
        sanctionId: closureId,
        supervisorUnitId: 'yanhu-gov-office',
      });
    });

    it('refuses closing the case while the closure awaits approval', async () => {
      expect(
        refused(await call(Q.closeCase, { caseId, outcome: 'CONCLUDED', summary: '结案' })),
      ).toMatchObject({
        reason: 'CLOSURE_NEEDS_APPROVAL',
      });
    });

    it('lets only the supervisor decide the closure', async () => {
      expect(
        refused(await call(Q.decideClosure, { sanctionId: closureId, decision: 'APPROVE', reason: '同意' })),
      ).toMatchObject({
        code: 'FORBIDDEN',
      });

      const decided = ok<{ decideClosure: { status: string; approval: { decision: string } } }>(
        await call(
          Q.decideClosure,
          { sanctionId: closureId, decision: 'APPROVE', reason: '经区政府同意，依法关闭' },
          supervisor,
        ),
      ).decideClosure;

      expect(decided).toEqual({ id: closureId, status: 'IN_FORCE', approval: { decision: 'APPROVE' } });
      expect(
        refused(
          await call(Q.decideClosure, { sanctionId: closureId, decision: 'REJECT', reason: 'x' }, supervisor),
        ),
      ).toMatchObject({
        reason: 'CLOSURE_NOT_PENDING',
      });
    });

    it('bans only a scattered polluting enterprise, and lists credit punishments publicly without a natural person’s name', async () => {
      ok(await call(Q.impose, { caseId, kind: 'BAN', documentNumber: '盐政取〔2020〕3号' }));
      ok(await call(Q.impose, { caseId, kind: 'CREDIT_PUNISHMENT', measure: '列入环境信用黑名单' }));

      const list = ok<{
        creditPunishments: {
          edges: {
            node: { party: { name: string; creditCode: string | null; masked: boolean }; measure: string };
          }[];
        };
      }>(
        await api.gql(
          '{ creditPunishments { edges { node { caseNumber party { name creditCode masked } measure decidedOn } } } }',
        ),
      );

      expect(list.creditPunishments.edges.map((e) => e.node)).toEqual([
        expect.objectContaining({
          party: { name: '张某', creditCode: null, masked: true },
          measure: '列入环境信用黑名单',
        }),
      ]);
      expect(JSON.stringify(list)).not.toContain('张三');
    });

    it('refuses a public summary carrying a telephone number', async () => {
      const response = await call(Q.closeCase, {
        caseId,
        outcome: 'CONCLUDED',
        summary: '结案',
        publish: true,
        publicSummary: '联系人电话13912345678',
      });

      expect(refused(response)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.publicSummary' });
    });

    it('publishes a closed case without personal data, readable with no token', async () => {
      const closed = ok<{ closeCase: CaseView }>(
        await call(Q.closeCase, {
          caseId,
          outcome: 'CONCLUDED',
          summary: '已取缔并关闭，罚款已缴纳',
          publish: true,
          publicSummary: '某废品收购站无证排污，依法取缔关闭并处罚款。',
        }),
      ).closeCase;
      expect(closed).toMatchObject({ status: 'CLOSED', outcome: 'CONCLUDED', published: true });

      const published = await api.gql<{ publishedCases: { edges: { node: Record<string, unknown> }[] } }>(
        '{ publishedCases { edges { node { caseNumber party { name masked } violationKinds sanctions { kind amount { yuan } } totalPenalties { yuan } summary outcome } } } }',
      );

      const node = ok<{ publishedCases: { edges: { node: Record<string, unknown> }[] } }>(published)
        .publishedCases.edges[0]?.node;
      expect(node).toMatchObject({
        party: { name: '张某', masked: true },
        violationKinds: ['SCATTERED_POLLUTING_ENTERPRISE'],
        totalPenalties: { yuan: '20000.00' },
      });
      const stored = (await scanAll(api.store)).filter(
        (i) => i.itemType === 'PublishedCase' || i.itemType === 'CreditPunishment',
      );
      for (const item of stored) {
        const text = JSON.stringify(item);
        expect(text).not.toContain('张三');
        expect(text).not.toContain('dev-');
      }
    });

    it('counts the bureau’s cases by status and lists the open ones in one query each', async () => {
      const dashboard = ok<{
        cases: {
          counts: { status: string; count: number }[];
          openCount: number;
          edges: { node: { status: string } }[];
        };
      }>(
        await api.gql(
          '{ cases(bureauUnitId: "yanhu-eeb", first: 50) { counts { status count } openCount edges { node { status } } } }',
          {},
          officer,
        ),
      );

      expect(dashboard.cases.counts).toEqual([
        { status: 'OPEN', count: 0 },
        { status: 'INVESTIGATING', count: 1 },
        { status: 'PENALTY_DECIDED', count: 0 },
        { status: 'RECTIFYING', count: 1 },
        { status: 'CLOSED', count: 1 },
      ]);
      expect(dashboard.cases.openCount).toBe(2);
      expect(dashboard.cases.edges.map((e) => e.node.status)).toEqual(['INVESTIGATING', 'RECTIFYING']);
    });
  });

  describe('bad input and unknown cases', () => {
    it.each([
      [
        'a fine that is not an amount',
        Q.decidePenalty,
        { decisionNumber: 'x', fineYuan: '1,000' },
        'input.fineYuan',
      ],
      [
        'a fine with three decimals',
        Q.decidePenalty,
        { decisionNumber: 'x', fineYuan: '10.001' },
        'input.fineYuan',
      ],
      [
        'a sample in the future',
        Q.recordSample,
        {
          sampledAt: '2031-01-01T00:00:00+08:00',
          results: [{ parameter: 'Cd', value: 1, limit: 0.1, unit: 'mg/L' }],
        },
        'input.sampledAt',
      ],
      [
        'a sample with a zero limit',
        Q.recordSample,
        {
          sampledAt: '2020-05-01T00:00:00+08:00',
          results: [{ parameter: 'Cd', value: 1, limit: 0, unit: 'mg/L' }],
        },
        'input.results.0.limit',
      ],
      [
        'a method on a violation other than evasion',
        Q.recordViolation,
        { kind: 'ILLEGAL_DUMPING', method: 'HIDDEN_PIPE', description: 'x' },
        'input.method',
      ],
      ['an over-long title', Q.openCase, { title: 'x'.repeat(201), source: 'PATROL' }, 'input.title'],
    ])('refuses %s with BAD_USER_INPUT naming the field', async (_name, query, extra, field) => {
      const c = await investigatedCase('输入校验');
      const before = await snapshot(api.store);

      const response = await call(query, query === Q.openCase ? extra : { caseId: c.id, ...extra });

      expect(refused(response)).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await snapshot(api.store)).toEqual(before);
    });

    it('answers NOT_FOUND for a case that does not exist', async () => {
      expect(
        refused(await call(Q.startInvestigation, { caseId: 'Case:01NOSUCHCASE00000000000000' })),
      ).toMatchObject({ code: 'NOT_FOUND' });
    });

    it('refuses a global id of another type', async () => {
      expect(
        refused(await call(Q.startInvestigation, { caseId: `EnterpriseFile:${dischargerId}` })),
      ).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.caseId',
      });
    });

    it('refuses the penalty decision on an open case, and on a case whose party is not identified', async () => {
      const opened = ok<{ openCase: CaseView }>(
        await call(Q.openCase, { title: '未立案', source: 'PATROL' }),
      ).openCase;
      expect(
        refused(await call(Q.decidePenalty, { caseId: opened.id, decisionNumber: 'x', fineYuan: '1000' })),
      ).toMatchObject({
        reason: 'CASE_NOT_INVESTIGATING',
      });
      ok(await call(Q.startInvestigation, { caseId: opened.id }));
      ok(await call(Q.recordViolation, { caseId: opened.id, kind: 'ILLEGAL_DUMPING', description: '倾倒' }));
      expect(
        refused(await call(Q.decidePenalty, { caseId: opened.id, decisionNumber: 'x', fineYuan: '1000' })),
      ).toMatchObject({
        reason: 'PARTY_NOT_IDENTIFIED',
      });
    });

    it('does not show cases to the police (the hand-off will give them their view)', async () => {
      const response = await api.gql(
        `query { cases(bureauUnitId: "yanhu-eeb") { edges { node { ${CASE_FIELDS} } } } }`,
        {},
        police,
      );

      expect(refused(response)).toMatchObject({ code: 'FORBIDDEN' });
    });
  });
});
