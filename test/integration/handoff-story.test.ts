/**
 * End to end (issue 10, item 5), through the API over HTTP and the local bus, around Labour Day 2020
 * (1–5 May off; Sunday 26 April and Saturday 9 May worked): a 12369 report is accepted; an inspection
 * case from it has a sample with Cd at 5× the standard, so a crime is suspected; the head approves and
 * the bureau transfers; the police receive it and stay silent past their 3 days, and
 * `HandoffDeadlineMissed` reaches the police system's webhook; the police decline; reconsideration is
 * asked and decided within 3 working days across the holiday; the procuratorate is asked to supervise;
 * the police file the case. One timeline: steps run in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusEvent } from '../../services/shared/events/envelope.ts';
import { ok, Q } from '../support/cases.ts';
import { H, type HandoffView, PACKAGE } from '../support/handoffs.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

// Each step moves the clock (a sweep over the whole Yanhu plan, deliveries settled): slow on a loaded machine.
describe('A suspected crime is handed off to the police and filed after supervision', {
  timeout: 120_000,
}, () => {
  let env: TestRuntime;
  let receiver: WebhookReceiver;
  let desk: string;
  let officer: string;
  let head: string;
  let police: string;
  let policeSystem: string;
  let caseId: string;
  let handoffId: string;

  const moveClock = (now: string) => env.local('POST', '/_local/clock', { now });
  const run = async (query: string, input: object, token: string) => {
    const data = ok<Record<string, HandoffView>>(
      await env.gql(query, { input: { handoffId, ...input } }, token),
    );
    await env.runtime.settle();
    return Object.values(data)[0] as HandoffView;
  };
  const limit = (h: HandoffView, name: string) => h.limits.find((l) => l.name === name);
  const received = (detailType: string) => receiver.events.filter((e) => e['detail-type'] === detailType);

  beforeAll(async () => {
    env = await startTestRuntime({ label: 'handoff-story', clockStart: '2020-04-20T09:00:00+08:00' });
    receiver = await startWebhookReceiver();
    [desk, officer, head, police, policeSystem] = await Promise.all([
      env.token('UNIT_OFFICER', 'yanhu-eeb'),
      env.token('ENFORCEMENT_OFFICER', 'yanhu-eeb'),
      env.token('SUPERVISOR', 'yanhu-gov-office'),
      env.token('POLICE_OFFICER', 'yanhu-police'),
      env.token('INTEGRATOR', 'yanhu-police'),
    ]);
    // The police case system subscribes to every hand-off event by webhook.
    ok(
      await env.gql(
        'mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { secret } }',
        { input: { url: receiver.url, eventPattern: JSON.stringify({ source: ['clearwater.handoffs'] }) } },
        policeSystem,
      ),
    );
  });

  afterAll(async () => {
    await receiver?.close();
    await env?.runtime.stop();
  });

  it('takes and accepts a hotline report, and opens an inspection case from it', async () => {
    const complaintId = ok<{ intakeComplaint: { id: string } }>(
      await env.gql(
        Q.intake,
        { input: { channel: 'PHONE', location: '解州镇工业园', description: '电镀厂偷排' } },
        desk,
      ),
    ).intakeComplaint.id;
    ok(await env.gql(Q.accept, { input: { complaintId } }, desk));
    const fileId = ok<{ registerEnterpriseFile: { id: string } }>(
      await env.gql(
        Q.registerEnterpriseFile,
        { input: { name: '某电镀有限公司', address: '解州镇工业园' } },
        officer,
      ),
    ).registerEnterpriseFile.id;
    caseId = ok<{ openCaseFromComplaint: { case: { id: string } } }>(
      await env.gql(
        Q.openCaseFromComplaint,
        { input: { complaintId, title: '电镀厂偷排', party: { dischargerId: fileId } } },
        officer,
      ),
    ).openCaseFromComplaint.case.id;
    ok(await env.gql(Q.startInvestigation, { input: { caseId } }, officer));
    await env.runtime.settle();
  });

  it('suspects a crime from Cd at 5× the standard; the bureau’s report limit starts on the bus', async () => {
    ok(
      await env.gql(
        Q.recordSample,
        {
          input: {
            caseId,
            sampledAt: '2020-04-20T08:30:00+08:00',
            results: [{ parameter: 'Cd', value: 0.5, limit: 0.1, unit: 'mg/L' }],
          },
        },
        officer,
      ),
    );
    await env.runtime.settle();

    const c = ok<{ case: { handoffStatus: string; handoff: HandoffView } }>(
      await env.gql(
        `query($id: ID!) { case(id: $id) { handoffStatus handoff { id status openLimits { name side } } } }`,
        { id: caseId },
        officer,
      ),
    ).case;
    handoffId = c.handoff.id;
    expect(c).toMatchObject({
      handoffStatus: 'CRIME_SUSPECTED',
      handoff: { status: 'PROPOSED', openLimits: [{ name: 'report', side: 'ENVIRONMENT_BUREAU' }] },
    });
  });

  it('is reported by a team of two, approved by the head and transferred with its package', async () => {
    await moveClock('2020-04-20T15:00:00+08:00');
    await run(H.report, { team: ['张三', '李四'], summary: '总镉超标5倍，涉嫌污染环境罪' }, officer);
    await moveClock('2020-04-21T10:00:00+08:00');
    await run(H.decideApproval, { decision: 'APPROVE', reasons: '同意移送' }, head);
    await moveClock('2020-04-21T16:00:00+08:00');

    const h = await run(
      H.transfer,
      { letterNumber: '盐环移〔2020〕1号', documents: PACKAGE, itemsSeized: false },
      officer,
    );

    expect(h).toMatchObject({ status: 'TRANSFERRED', case: { handoffStatus: 'HANDED_OFF' } });
    expect(limit(h, 'report')?.state).toBe('MET');
    const [handedOff] = received('CaseHandedOff');
    expect(handedOff?.detail.data).toMatchObject({
      caseNumber: h.caseNumber,
      documents: PACKAGE,
      policeUnitIds: ['yanhu-police'],
    });
  });

  it('tells the webhook subscriber HandoffDeadlineMissed when the police stay silent past their 3 days', async () => {
    await moveClock('2020-04-22T09:00:00+08:00');
    const h = await run(H.receive, {}, police);
    // 3 days from Wednesday 22 April: Saturday 25 April rolls to Sunday 26 April, a make-up working day.
    expect(limit(h, 'decision')?.dueAt).toBe('2020-04-26T15:59:59.999Z');

    await moveClock('2020-04-27T09:00:00+08:00');

    const missed = received('HandoffDeadlineMissed').map((e: BusEvent) => e.detail.data);
    expect(missed).toEqual([
      expect.objectContaining({
        caseNumber: h.caseNumber,
        limit: expect.objectContaining({
          name: 'decision',
          side: 'POLICE',
          dueAt: '2020-04-26T15:59:59.999Z',
        }),
        recipientUnitIds: ['yanhu-police', 'yanhu-gov-office'],
      }),
    ]);
    const inbox = ok<{ notifications: { edges: { node: { detailType: string; title: string } }[] } }>(
      await env.gql('{ notifications(first: 50) { edges { node { detailType title } } } }', {}, head),
    ).notifications.edges.map((e) => e.node);
    expect(inbox.find((n) => n.detailType === 'HandoffDeadlineMissed')?.title).toContain('公安机关逾期');
  });

  it('has the police decline, then decide the reconsideration within 3 working days across Labour Day', async () => {
    await moveClock('2020-04-28T10:00:00+08:00');
    await run(H.decline, { reasons: '现有证据不足以认定' }, police);
    await moveClock('2020-04-28T14:00:00+08:00');
    let h = await run(H.notify, { documentNumber: '盐公不立字〔2020〕1号' }, police);
    expect(limit(h, 'reconsiderationRequest')?.dueAt).toBe('2020-05-06T15:59:59.999Z');

    await moveClock('2020-04-30T10:00:00+08:00');
    h = await run(H.requestReconsideration, { reasons: '检测报告证明总镉超标5倍' }, officer);
    // 3 working days after Thursday 30 April: 6, 7 and 8 May.
    expect(limit(h, 'reconsiderationDecision')?.dueAt).toBe('2020-05-08T15:59:59.999Z');
    await moveClock('2020-05-08T10:00:00+08:00');
    h = await run(H.decideReconsideration, { outcome: 'UPHOLD', reasons: '维持不予立案' }, police);

    expect(h.status).toBe('RECONSIDERATION_UPHELD');
    expect(limit(h, 'decision')?.state).toBe('LATE');
    expect(limit(h, 'reconsiderationRequest')?.state).toBe('MET');
    expect(limit(h, 'reconsiderationDecision')?.state).toBe('MET');
    expect(limit(h, 'supervisionRequest')?.dueAt).toBe('2020-05-11T15:59:59.999Z');
  });

  it('asks the procuratorate to supervise, and the police file the case', async () => {
    await moveClock('2020-05-09T10:00:00+08:00');
    await run(
      H.requestSupervision,
      { procuratorate: '运城市盐湖区人民检察院', reasons: '建议立案监督' },
      officer,
    );
    await moveClock('2020-05-12T10:00:00+08:00');

    const h = await run(H.file, { policeCaseNumber: '盐公环立〔2020〕3号' }, police);

    expect(h).toMatchObject({
      status: 'FILED',
      policeCaseNumber: '盐公环立〔2020〕3号',
      case: { handoffStatus: 'FILED' },
    });
    expect(h.steps.map((s) => s.step)).toEqual([
      'PROPOSED',
      'REPORTED',
      'APPROVED',
      'TRANSFERRED',
      'RECEIVED',
      'DECLINED',
      'DECISION_NOTIFIED',
      'RECONSIDERATION_REQUESTED',
      'RECONSIDERATION_DECIDED',
      'SUPERVISION_REQUESTED',
      'FILED',
    ]);
    expect(limit(h, 'supervisionRequest')?.state).toBe('MET');
    expect(received('HandoffFiled')).toHaveLength(1);
  });

  it('gives the police unit its feed of the story, and leaves nothing dead-lettered', async () => {
    const feed = ok<{ policeFeed: { edges: { node: { detailType: string; caseNumber: string } }[] } }>(
      await env.gql(H.feed, {}, policeSystem),
    ).policeFeed.edges.map((e) => e.node.detailType);

    expect(feed).toEqual(
      expect.arrayContaining([
        'CaseHandedOff',
        'HandoffReceived',
        'HandoffDeadlineMissed',
        'HandoffDeclined',
        'HandoffFiled',
      ]),
    );
    expect(feed).not.toContain('HandoffReported');
    expect((await env.local<{ bus: unknown[] }>('GET', '/_local/dead-letters')).body.bus).toEqual([]);
  });
});
