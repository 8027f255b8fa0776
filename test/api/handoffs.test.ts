/**
 * The police hand-off through the API, in process against DynamoDB Local: each side's steps, the
 * guarded workflow and its refusals, every limit opened and closed as DOMAIN.md §3 and §8 say (dates
 * around Labour Day 2020: 1–5 May off, Sunday 26 April and Saturday 9 May worked), the case's hand-off
 * track, the police's view of their queue and cases, and the joint work of both agencies.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from '../integration/plan-fixtures.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { ok, Q, refused } from '../support/cases.ts';
import { document, H, type HandoffView, PACKAGE, suspectedCase } from '../support/handoffs.ts';
import { committedEvents } from '../support/outbox.ts';

const limit = (h: HandoffView, name: string) => h.limits.find((l) => l.name === name);

describe('Handoff', () => {
  let api: TestApi;
  let officer: string;
  let head: string;
  let police: string;
  let otherPolice: string;

  const run = async (query: string, input: object, token: string) =>
    Object.values(ok<Record<string, HandoffView>>(await api.gql(query, { input }, token)))[0] as HandoffView;
  const at = (instant: string) => api.clock.set(instant);

  /** A hand-off taken to TRANSFERRED on 2020-04-21 (reported 04-20 15:00, approved 04-21 10:00). */
  async function transferred(extra: object = {}): Promise<HandoffView> {
    at('2020-04-20T09:00:00+08:00');
    const { handoffId } = await suspectedCase(api.gql, officer);
    at('2020-04-20T15:00:00+08:00');
    await run(H.report, { handoffId, team: ['张三', '李四'], summary: '总镉超标5倍' }, officer);
    at('2020-04-21T10:00:00+08:00');
    await run(H.decideApproval, { handoffId, decision: 'APPROVE', reasons: '同意移送' }, head);
    at('2020-04-21T16:00:00+08:00');
    return run(
      H.transfer,
      { handoffId, letterNumber: '盐环移〔2020〕1号', documents: PACKAGE, itemsSeized: false, ...extra },
      officer,
    );
  }

  beforeAll(async () => {
    api = await createTestApi({ label: 'handoffs-api', now: '2020-04-20T09:00:00+08:00' });
    officer = await api.token('ENFORCEMENT_OFFICER', 'yanhu-eeb');
    head = await api.token('SUPERVISOR', 'yanhu-gov-office');
    police = await api.token('POLICE_OFFICER', 'yanhu-police');
    otherPolice = await api.token('POLICE_OFFICER', 'city-police');
  });

  describe('the bureau’s side', () => {
    it('reports, has the head approve and transfers, each limit met and the next one opened', async () => {
      const h = await transferred();

      expect(h.status).toBe('TRANSFERRED');
      expect(h.case?.handoffStatus).toBe('HANDED_OFF');
      expect(h.team).toEqual(['张三', '李四']);
      expect(h.steps.map((s) => s.step)).toEqual(['PROPOSED', 'REPORTED', 'APPROVED', 'TRANSFERRED']);
      expect(h.steps[2]?.actor.unitId).toBe('yanhu-gov-office');
      // 3 days from Monday 20 April: Thursday 23 April, 24:00 in Yanhu.
      expect(limit(h, 'approval')).toMatchObject({ dueAt: '2020-04-23T15:59:59.999Z', state: 'MET' });
      expect(limit(h, 'transfer')).toMatchObject({ dueAt: '2020-04-22T02:00:00.000Z', state: 'MET' });
      expect(limit(h, 'receipt')).toMatchObject({
        side: 'POLICE',
        dueAt: '2020-04-22T08:00:00.000Z',
        state: 'OPEN',
      });
      // The approval's platform entry: 7 days from 21 April is Tuesday 28 April.
      expect(limit(h, 'platformEntry')).toMatchObject({ dueAt: '2020-04-28T15:59:59.999Z', state: 'OPEN' });
      const [handedOff] = await committedEvents(api.store, 'CaseHandedOff');
      expect(handedOff?.detail.data).toMatchObject({
        handoffId: h.handoffId,
        caseNumber: h.caseNumber,
        policeUnitIds: ['yanhu-police'],
        documents: PACKAGE,
      });
    });

    it('refuses a transfer whose package lacks a required document, naming it, and changes nothing', async () => {
      at('2020-04-20T09:00:00+08:00');
      const { handoffId } = await suspectedCase(api.gql, officer);
      await run(H.report, { handoffId, team: ['张三', '李四'], summary: '超标' }, officer);
      await run(H.decideApproval, { handoffId, decision: 'APPROVE', reasons: '同意' }, head);
      const before = await snapshot(api.store);

      const response = await api.gql(
        H.transfer,
        { input: { handoffId, letterNumber: '1号', documents: PACKAGE.slice(1), itemsSeized: true } },
        officer,
      );

      expect(refused(response)).toMatchObject({
        code: 'CONFLICT',
        reason: 'HANDOFF_PACKAGE_INCOMPLETE',
        missing: ['TRANSFER_LETTER', 'SEIZED_ITEMS_LIST'],
      });
      expect(await snapshot(api.store)).toEqual(before);
    });

    it('refuses a report by fewer than two officers, and a transfer before the head approved it', async () => {
      at('2020-04-20T09:00:00+08:00');
      const { handoffId } = await suspectedCase(api.gql, officer);

      expect(
        refused(await api.gql(H.report, { input: { handoffId, team: ['张三'], summary: 'x' } }, officer)),
      ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.team' });
      expect(
        refused(
          await api.gql(
            H.transfer,
            { input: { handoffId, letterNumber: '1', documents: PACKAGE, itemsSeized: false } },
            officer,
          ),
        ),
      ).toMatchObject({ code: 'CONFLICT', reason: 'HANDOFF_NOT_APPROVED' });
    });

    it('withdraws the hand-off when the head refuses it; the case may then close', async () => {
      at('2020-04-20T09:00:00+08:00');
      const { caseId, handoffId } = await suspectedCase(api.gql, officer);
      await run(H.report, { handoffId, team: ['张三', '李四'], summary: 'x' }, officer);

      const h = await run(H.decideApproval, { handoffId, decision: 'REFUSE', reasons: '证据不足' }, head);

      expect(h).toMatchObject({ status: 'WITHDRAWN', case: { handoffStatus: 'WITHDRAWN' } });
      const closed = await api.gql(
        Q.closeCase,
        { input: { caseId, outcome: 'NO_VIOLATION', summary: '结案' } },
        officer,
      );
      expect(ok<{ closeCase: { status: string } }>(closed).closeCase.status).toBe('CLOSED');
    });
  });

  describe('the police’s side', () => {
    let h: HandoffView;

    beforeAll(async () => {
      h = await transferred({ itemsSeized: true, documents: [...PACKAGE, document('SEIZED_ITEMS_LIST')] });
    });

    it('shows the case in the police unit’s queue with its public reference and package, to that unit only', async () => {
      const queue = ok<{
        policeQueue: { edges: { node: { id: string; caseNumber: string; documents: unknown[] } }[] };
      }>(await api.gql(H.queue, {}, police)).policeQueue.edges.map((e) => e.node);
      expect(queue.find((n) => n.id === h.id)).toMatchObject({
        caseNumber: h.caseNumber,
        documents: expect.any(Array),
      });
      const theirs = ok<{ policeQueue: { edges: { node: { id: string } }[] } }>(
        await api.gql(H.queue, {}, otherPolice),
      );
      expect(theirs.policeQueue.edges).toEqual([]);
      const asked = await api.gql(
        '{ policeQueue(policeUnitId: "yanhu-police") { edges { node { id } } } }',
        {},
        otherPolice,
      );
      expect(refused(asked)).toMatchObject({ code: 'FORBIDDEN' });
      expect(ok<{ handoff: null }>(await api.gql(H.handoff, { id: h.id }, otherPolice)).handoff).toBeNull();
      expect(ok<{ case: { id: string } }>(await api.gql(Q.case, { id: h.case?.id }, police)).case.id).toBe(
        h.case?.id,
      );
    });

    it('receives, asks for materials within 24 hours, and counts the decision again from their completion', async () => {
      at('2020-04-22T09:00:00+08:00');
      await run(H.receive, { handoffId: h.id }, police);
      at('2020-04-22T20:00:00+08:00');
      await run(
        H.requestMaterials,
        { handoffId: h.id, missing: ['EXPERT_OPINIONS'], note: '缺鉴定意见' },
        police,
      );

      const incomplete = await api.gql(
        H.completeMaterials,
        { input: { handoffId: h.id, documents: [document('OTHER')] } },
        officer,
      );
      expect(refused(incomplete)).toMatchObject({
        reason: 'HANDOFF_MATERIALS_INCOMPLETE',
        missing: ['EXPERT_OPINIONS'],
      });
      at('2020-04-24T10:00:00+08:00');
      h = await run(
        H.completeMaterials,
        { handoffId: h.id, documents: [document('EXPERT_OPINIONS')] },
        officer,
      );

      expect(h.status).toBe('UNDER_REVIEW');
      expect(limit(h, 'materialsRequest')).toMatchObject({ state: 'MET' });
      expect(limit(h, 'decision')).toMatchObject({ state: 'CANCELLED' });
      // 3 days from Wednesday 22 April: Saturday 25 April rolls to Sunday 26 April, a make-up working day.
      expect(limit(h, 'materialsCompletion')).toMatchObject({
        state: 'MET',
        dueAt: '2020-04-26T15:59:59.999Z',
      });
      // 3 days from Friday 24 April end on Monday 27 April.
      expect(limit(h, 'decision-2')).toMatchObject({
        side: 'POLICE',
        dueAt: '2020-04-27T15:59:59.999Z',
        state: 'OPEN',
      });
      expect(h.documents.map((d) => d.kind)).toContain('EXPERT_OPINIONS');
    });

    it('extends the decision to 7 days for verification, counted from the same start; a major case needs approval', async () => {
      const noApproval = await api.gql(
        H.extend,
        { input: { handoffId: h.id, basis: 'MAJOR_CASE', reasons: '重大' } },
        police,
      );
      expect(refused(noApproval)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.approvedBy' });

      h = await run(H.extend, { handoffId: h.id, basis: 'VERIFICATION', reasons: '线索需核查' }, police);

      expect(h.decisionBasis).toBe('VERIFICATION');
      expect(limit(h, 'decision-2')?.state).toBe('CANCELLED');
      expect(limit(h, 'decision-3')).toMatchObject({
        startedAt: '2020-04-24T02:00:00.000Z',
        dueAt: '2020-05-06T15:59:59.999Z',
      });
      expect(
        refused(
          await api.gql(
            H.extend,
            { input: { handoffId: h.id, basis: 'VERIFICATION', reasons: 'x' } },
            police,
          ),
        ),
      ).toMatchObject({ reason: 'DECISION_PERIOD_ALREADY_EXTENDED' });
    });

    it('declines; the written notice opens the bureau’s 3 working days to ask for reconsideration', async () => {
      at('2020-04-28T10:00:00+08:00');
      h = await run(H.decline, { handoffId: h.id, reasons: '不构成犯罪' }, police);
      at('2020-04-28T14:00:00+08:00');
      h = await run(H.notify, { handoffId: h.id, documentNumber: '盐公不立字〔2020〕1号' }, police);

      expect(h.status).toBe('DECLINED');
      expect(limit(h, 'decision-3')?.state).toBe('MET');
      expect(limit(h, 'writtenNotice')).toMatchObject({ state: 'MET', dueAt: '2020-05-06T15:59:59.999Z' });
      // 29 and 30 April, then 6 May: 1–5 May are Labour Day.
      expect(limit(h, 'reconsiderationRequest')).toMatchObject({
        dueAt: '2020-05-06T15:59:59.999Z',
        state: 'OPEN',
      });
      expect(h.case?.handoffStatus).toBe('HANDED_OFF');
      expect(
        refused(await api.gql(H.notify, { input: { handoffId: h.id, documentNumber: '2号' } }, police)),
      ).toMatchObject({ reason: 'NO_NOTICE_DUE' });
    });

    it('keeps the case open meanwhile (HANDOFF_PENDING) while its administrative track runs', async () => {
      const response = await api.gql(
        Q.closeCase,
        { input: { caseId: h.case?.id, outcome: 'NO_VIOLATION', summary: 'x' } },
        officer,
      );
      expect(refused(response)).toMatchObject({ reason: 'HANDOFF_PENDING' });
      ok(
        await api.gql(
          Q.recordViolation,
          { input: { caseId: h.case?.id, kind: 'EXCEEDING_STANDARD', description: '超标' } },
          officer,
        ),
      );
    });

    it('has the reconsideration decided within 3 working days, then supervision, then the police file', async () => {
      at('2020-04-30T10:00:00+08:00');
      h = await run(H.requestReconsideration, { handoffId: h.id, reasons: '证据充分' }, officer);
      expect(limit(h, 'reconsiderationDecision')).toMatchObject({ dueAt: '2020-05-08T15:59:59.999Z' });
      at('2020-05-08T10:00:00+08:00');
      h = await run(H.decideReconsideration, { handoffId: h.id, outcome: 'UPHOLD', reasons: '维持' }, police);
      expect(limit(h, 'supervisionRequest')).toMatchObject({ dueAt: '2020-05-11T15:59:59.999Z' });
      at('2020-05-09T10:00:00+08:00');
      h = await run(
        H.requestSupervision,
        { handoffId: h.id, procuratorate: '盐湖区人民检察院', reasons: '建议监督' },
        officer,
      );
      expect(h.status).toBe('UNDER_SUPERVISION');
      at('2020-05-12T10:00:00+08:00');

      h = await run(H.file, { handoffId: h.id, policeCaseNumber: '盐公立〔2020〕8号' }, police);

      expect(h).toMatchObject({
        status: 'FILED',
        policeCaseNumber: '盐公立〔2020〕8号',
        case: { handoffStatus: 'FILED' },
      });
      expect(limit(h, 'seizedItems')).toMatchObject({
        side: 'ENVIRONMENT_BUREAU',
        dueAt: '2020-05-15T15:59:59.999Z',
      });
      // One entry per decision: the approval (due 28 April) and the refusal (due 5 May, a holiday: 6 May) are
      // overdue; the reconsideration's and the filing's are open.
      expect(
        h.limits.filter((l) => l.name.startsWith('platformEntry')).map((l) => [l.title, l.dueAt, l.state]),
      ).toEqual([
        ['录入信息共享平台：移送审批决定', '2020-04-28T15:59:59.999Z', 'OVERDUE'],
        ['录入信息共享平台：不予立案决定', '2020-05-06T15:59:59.999Z', 'OVERDUE'],
        ['录入信息共享平台：复议决定', '2020-05-15T15:59:59.999Z', 'OPEN'],
        ['录入信息共享平台：立案决定', '2020-05-19T15:59:59.999Z', 'OPEN'],
      ]);
    });

    it('lets the bureau hand over the seized items and enter the decisions on the platform, and the case close', async () => {
      h = await run(H.seizedItems, { handoffId: h.id, note: '移交涉案车辆' }, officer);
      h = await run(H.platform, { handoffId: h.id, platformReference: 'P-1' }, officer);

      expect(limit(h, 'seizedItems')?.state).toBe('MET');
      // The earliest entry (the approval of 21 April) was due on 28 April: entered late.
      expect(limit(h, 'platformEntry')?.state).toBe('LATE');
      expect(h.steps.map((s) => s.step).slice(-2)).toEqual(['SEIZED_ITEMS_HANDED_OVER', 'PLATFORM_ENTERED']);
      const closed = await api.gql(
        Q.closeCase,
        { input: { caseId: h.case?.id, outcome: 'NO_VIOLATION', summary: 'x' } },
        officer,
      );
      expect(ok<{ closeCase: { status: string } }>(closed).closeCase.status).toBe('CLOSED');
    });

    it('loads the hand-off by node(id:) for those who see it, with its audited history', async () => {
      const node =
        'query($id: ID!) { node(id: $id) { id ... on Handoff { caseNumber history(first: 50) { edges { node { action } } } } } }';
      const seen = ok<{ node: { id: string; history: { edges: unknown[] } } }>(
        await api.gql(node, { id: h.id }, police),
      ).node;
      expect(seen.id).toBe(h.id);
      expect(seen.history.edges.length).toBe(h.steps.length - 1);
      expect(ok<{ node: null }>(await api.gql(node, { id: h.id }, otherPolice)).node).toBeNull();
    });

    it('refuses a stale expectedVersion, changing nothing', async () => {
      const before = await snapshot(api.store);
      const response = await api.gql(
        H.platform,
        { input: { handoffId: h.id, platformReference: 'P-2', expectedVersion: 1 } },
        officer,
      );
      expect(refused(response)).toMatchObject({ code: 'CONFLICT' });
      expect(await snapshot(api.store)).toEqual(before);
    });
  });

  it('ends declined for good when the bureau accepts the refusal', async () => {
    const h = await transferred();
    at('2020-04-22T09:00:00+08:00');
    await run(H.receive, { handoffId: h.id }, police);
    await run(H.decline, { handoffId: h.id, reasons: '不构成犯罪' }, police);

    const ended = await run(H.acceptDecision, { handoffId: h.id, note: '认可' }, officer);

    expect(ended).toMatchObject({ status: 'DECLINED_FINAL', case: { handoffStatus: 'DECLINED' } });
    const ids = ok<{ policeQueue: { edges: { node: { id: string } }[] } }>(
      await api.gql(H.queue, { ended: true }, police),
    );
    expect(ids.policeQueue.edges.map((e) => e.node.id)).toContain(h.id);
  });

  describe('joint work', () => {
    it('schedules a consultation with both agencies, joining the police to the case', async () => {
      at('2020-04-20T09:00:00+08:00');
      const { caseId } = await suspectedCase(api.gql, officer);
      expect(ok<{ case: null }>(await api.gql(Q.case, { id: caseId }, police)).case).toBeNull();
      const participants = [
        { name: '张三', unitId: 'yanhu-eeb' },
        { name: '王警官', unitId: 'yanhu-police' },
      ];

      const onlyBureau = await api.gql(
        H.schedule,
        {
          input: {
            caseId,
            kind: 'MEETING',
            topic: '会商',
            participants: [participants[0], participants[0]],
            scheduledAt: '2020-04-21T09:00:00+08:00',
          },
        },
        officer,
      );
      expect(refused(onlyBureau)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.participants' });
      ok(
        await api.gql(
          H.schedule,
          {
            input: {
              caseId,
              kind: 'MEETING',
              topic: '案情研判',
              participants,
              scheduledAt: '2020-04-21T09:00:00+08:00',
            },
          },
          officer,
        ),
      );

      expect(ok<{ case: { id: string } }>(await api.gql(Q.case, { id: caseId }, police)).case.id).toBe(
        caseId,
      );
    });

    it('puts a written question to the police, answered within 7 days', async () => {
      at('2020-04-20T09:00:00+08:00');
      const { caseId } = await suspectedCase(api.gql, officer);
      const participants = [
        { name: '张三', unitId: 'yanhu-eeb' },
        { name: '王警官', unitId: 'yanhu-police' },
      ];
      const asked = ok<{
        scheduleConsultation: { id: string; answerLimit: { side: string; dueAt: string; state: string } };
      }>(
        await api.gql(
          H.schedule,
          {
            input: {
              caseId,
              kind: 'WRITTEN',
              topic: '定性',
              participants,
              question: '是否构成污染环境罪？',
              addressee: 'POLICE',
            },
          },
          officer,
        ),
      ).scheduleConsultation;
      expect(asked.answerLimit).toEqual({
        name: 'consultationAnswer',
        side: 'POLICE',
        dueAt: '2020-04-27T15:59:59.999Z',
        state: 'OPEN',
      });
      expect(
        refused(await api.gql(H.conclude, { input: { consultationId: asked.id, text: '答复' } }, officer)),
      ).toMatchObject({ code: 'FORBIDDEN' });

      at('2020-04-23T09:00:00+08:00');
      const answered = ok<{ concludeConsultation: { answer: string; answerLimit: { state: string } } }>(
        await api.gql(H.conclude, { input: { consultationId: asked.id, text: '构成' } }, police),
      ).concludeConsultation;

      expect(answered).toMatchObject({ answer: '构成', answerLimit: { state: 'MET' } });
    });

    it('records a joint inspection on task 14, counted there, and refuses other tasks', async () => {
      const officers = [
        { name: '张三', unitId: 'city-eeb' },
        { name: '王警官', unitId: 'yanhu-police' },
      ];
      ok(
        await api.gql(
          H.joint,
          {
            input: {
              taskId: 'Task:yanhu-2020:14',
              at: '2020-04-19T10:00:00+08:00',
              place: '姚暹渠',
              officers,
              findings: '无异常',
            },
          },
          police,
        ),
      );

      const task = ok<{
        task: { jointInspections: { totalCount: number; edges: { node: { place: string } }[] } };
      }>(
        await api.gql(
          '{ task(id: "yanhu-2020:14") { jointInspections { totalCount edges { node { place } } } } }',
          {},
          officer,
        ),
      ).task;
      expect(task.jointInspections).toEqual({ totalCount: 1, edges: [{ node: { place: '姚暹渠' } }] });
      expect(
        refused(
          await api.gql(
            H.joint,
            {
              input: {
                taskId: 'yanhu-2020:6',
                at: '2020-04-19T10:00:00+08:00',
                place: 'x',
                officers,
                findings: 'x',
              },
            },
            police,
          ),
        ),
      ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.taskId' });
    });
  });

  describe('concurrent writers', () => {
    it('lets one of two simultaneous receipts through and refuses the other, with one event', async () => {
      const h = await transferred();
      at('2020-04-21T18:00:00+08:00');

      const answers = await Promise.all(
        [0, 1].map(() => api.gql(H.receive, { input: { handoffId: h.id } }, police)),
      );

      const received = answers.filter((a) => !a.errors);
      expect(received).toHaveLength(1);
      const refusal = answers.find((a) => a.errors);
      expect(refusal?.errors?.[0]?.extensions).toMatchObject({
        code: 'CONFLICT',
        reason: 'HANDOFF_NOT_TRANSFERRED',
      });
      const events = (await committedEvents(api.store, 'HandoffReceived')).filter(
        (e) => e.detail.data.handoffId === h.handoffId,
      );
      expect(events).toHaveLength(1);
    });

    it('keeps both sides’ steps taken at the same moment: the police’s receipt and the bureau’s platform entry', async () => {
      const h = await transferred();
      at('2020-04-21T18:00:00+08:00');

      const [receipt, entry] = await Promise.all([
        api.gql(H.receive, { input: { handoffId: h.id } }, police),
        api.gql(H.platform, { input: { handoffId: h.id, platformReference: 'P-7' } }, officer),
      ]);
      ok(receipt);
      ok(entry);

      const after = ok<{ handoff: HandoffView }>(await api.gql(H.handoff, { id: h.id }, officer)).handoff;
      expect(after.status).toBe('RECEIVED');
      expect(after.version).toBe(h.version + 2);
      expect(limit(after, 'receipt')?.state).toBe('MET');
      expect(limit(after, 'platformEntry')?.state).toBe('MET');
      expect(after.steps.map((s) => s.step)).toEqual(
        expect.arrayContaining(['RECEIVED', 'PLATFORM_ENTERED']),
      );
    });
  });
});
