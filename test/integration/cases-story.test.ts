/**
 * End to end (issue 9, item 7), through the API over HTTP and the local bus: a 12369 report is taken,
 * accepted and assigned; an inspection case is opened from it; a sample shows Cd at 5× the standard and
 * `CaseCrimeSuspected` reaches the bus with that ground; a correction order is served; a re-inspection
 * 20 days later still finds the violation and the daily penalty is computed (200,000 × 20 =
 * 4,000,000 CNY); the report is closed with its reply inside 60 days. One timeline: steps run in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusEvent } from '../../services/shared/events/envelope.ts';
import { ok, Q } from '../support/cases.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

const START = '2020-05-06T09:00:00+08:00';

describe('A 12369 report becomes a case with a suspected crime and a daily penalty', () => {
  let env: TestRuntime;
  let desk: string;
  let officer: string;
  let supervisor: string;
  let complaintId: string;
  let caseId: string;
  let dischargerId: string;

  const archive = async () => (await env.local<{ events: BusEvent[] }>('GET', '/_local/archive')).body.events;
  const onBus = async (detailType: string) =>
    (await archive()).filter((e) => e['detail-type'] === detailType);
  const moveClock = (now: string) => env.local('POST', '/_local/clock', { now });

  beforeAll(async () => {
    env = await startTestRuntime({ label: 'cases-story', clockStart: START });
    [desk, officer, supervisor] = await Promise.all([
      env.token('UNIT_OFFICER', 'yanhu-eeb'),
      env.token('ENFORCEMENT_OFFICER', 'yanhu-eeb'),
      env.token('SUPERVISOR', 'yanhu-gov-office'),
    ]);
  });

  afterAll(async () => {
    await env?.runtime.stop();
  });

  it('takes the hotline report', async () => {
    const taken = ok<{ intakeComplaint: { id: string; number: string } }>(
      await env.gql(
        Q.intake,
        {
          input: {
            channel: 'PHONE',
            location: '解州镇工业园南侧排水沟',
            townshipUnitId: 'xiezhou',
            description: '电镀厂夜间偷排，水沟呈黄绿色',
            reporter: { name: '王五', phone: '13700000000' },
          },
        },
        desk,
      ),
    ).intakeComplaint;
    complaintId = taken.id;
    await env.runtime.settle();

    expect(await onBus('ComplaintReceived')).toHaveLength(1);
  });

  it('accepts and assigns it; the assigned unit is told in its inbox', async () => {
    await moveClock('2020-05-07T09:00:00+08:00');
    ok(await env.gql(Q.accept, { input: { complaintId } }, desk));
    ok(
      await env.gql(Q.assign, { input: { complaintId, unitId: 'yanhu-eeb', note: '分局执法队核查' } }, desk),
    );
    await env.runtime.settle();

    const inbox = ok<{
      notifications: { edges: { node: { detailType: string; subject: { id: string } } }[] };
    }>(
      await env.gql(
        '{ notifications(first: 20) { edges { node { detailType subject { id: entityId } } } } }',
        {},
        officer,
      ),
    ).notifications.edges.map((e) => e.node);
    expect(inbox).toContainEqual({
      detailType: 'ComplaintAssigned',
      subject: { id: complaintId.replace(/^Complaint:/, '') },
    });
  });

  it('opens an inspection case from it against the enterprise on file', async () => {
    dischargerId = ok<{ registerEnterpriseFile: { id: string } }>(
      await env.gql(
        Q.registerEnterpriseFile,
        {
          input: {
            name: '运城市盐湖区某电镀有限公司',
            creditCode: '91350100M000100Y43',
            address: '解州镇工业园',
            keyDischargeUnit: true,
          },
        },
        officer,
      ),
    ).registerEnterpriseFile.id;

    const opened = ok<{
      openCaseFromComplaint: { case: { id: string; status: string; source: { kind: string } } };
    }>(
      await env.gql(
        Q.openCaseFromComplaint,
        {
          input: {
            complaintId,
            title: '12369举报：电镀厂偷排',
            party: { dischargerId },
            outfalls: [{ id: 'outfall-17', code: 'YH-IND-017' }],
          },
        },
        officer,
      ),
    ).openCaseFromComplaint.case;
    caseId = opened.id;
    ok(await env.gql(Q.startInvestigation, { input: { caseId } }, officer));
    await env.runtime.settle();

    expect(opened).toMatchObject({ status: 'OPEN', source: { kind: 'HOTLINE_12369' } });
    expect(
      (await onBus('CaseOpened')).map(
        (e) => (e.detail.data as { source: { complaintId: string } }).source.complaintId,
      ),
    ).toEqual([complaintId.replace(/^Complaint:/, '')]);
  });

  it('suspects a crime from a sample with Cd at 5 times the standard: CaseCrimeSuspected on the bus and in the inboxes', async () => {
    const sample = ok<{ recordSample: { id: string } }>(
      await env.gql(
        Q.recordSample,
        {
          input: {
            caseId,
            sampledAt: '2020-05-07T08:30:00+08:00',
            outfallId: 'outfall-17',
            laboratory: '运城市生态环境监测站',
            results: [{ parameter: 'Cd', value: 0.5, limit: 0.1, unit: 'mg/L' }],
          },
        },
        officer,
      ),
    ).recordSample;
    await env.runtime.settle();

    const [suspected] = await onBus('CaseCrimeSuspected');
    expect(suspected?.source).toBe('clearwater.cases');
    expect(suspected?.detail.data).toMatchObject({
      caseId: caseId.replace(/^Case:/, ''),
      grounds: [{ code: 'HEAVY_METAL_EXCEEDANCE', sampleIds: [sample.id] }],
      handoff: { status: 'PROPOSED', policeUnitId: 'yanhu-police' },
      caseStatus: 'INVESTIGATING',
    });
    const supervisorInbox = ok<{
      notifications: { edges: { node: { detailType: string; title: string } }[] };
    }>(
      await env.gql('{ notifications(first: 20) { edges { node { detailType title } } } }', {}, supervisor),
    ).notifications.edges.map((e) => e.node);
    expect(supervisorInbox.find((n) => n.detailType === 'CaseCrimeSuspected')?.title).toContain('涉嫌');
  });

  it('serves the correction order after the penalty decision', async () => {
    await moveClock('2020-05-08T10:00:00+08:00');
    ok(
      await env.gql(
        Q.recordViolation,
        { input: { caseId, kind: 'EXCEEDING_STANDARD', description: '总镉超标' } },
        officer,
      ),
    );
    ok(
      await env.gql(
        Q.decidePenalty,
        { input: { caseId, decisionNumber: '盐环罚〔2020〕12号', fineYuan: '200000' } },
        officer,
      ),
    );

    const served = ok<{
      serveCorrectionOrder: { status: string; handoffStatus: string; reinspectionDueAt: string };
    }>(
      await env.gql(Q.serveOrder, { input: { caseId, documentNumber: '盐环改〔2020〕12号' } }, officer),
    ).serveCorrectionOrder;
    await env.runtime.settle();

    // The administrative track runs on beside the hand-off track.
    expect(served).toMatchObject({ status: 'RECTIFYING', handoffStatus: 'CRIME_SUSPECTED' });
    expect(served.reinspectionDueAt).toBe('2020-06-08T15:59:59.999Z');
    expect(await onBus('CorrectionOrderServed')).toHaveLength(1);
  });

  it('computes the daily penalty when the re-inspection 20 days later still finds the violation', async () => {
    await moveClock('2020-05-28T15:00:00+08:00');

    const c = ok<{ recordReinspection: { penaltyCycles: { totalDays: number; total: { yuan: string } }[] } }>(
      await env.gql(
        Q.reinspect,
        { input: { caseId, finding: 'VIOLATION_CONTINUES', decisionNumber: '盐环按日罚〔2020〕1号' } },
        officer,
      ),
    ).recordReinspection;
    await env.runtime.settle();

    expect(c.penaltyCycles[0]).toMatchObject({ totalDays: 20, total: { yuan: '4000000.00' } });
    const [assessed] = await onBus('DailyPenaltyAssessed');
    expect(assessed?.detail.data).toMatchObject({
      fineFen: 20_000_000,
      days: 20,
      amountFen: 400_000_000,
      from: '2020-05-09',
      to: '2020-05-28',
    });
  });

  it('closes the report with its reply inside 60 days of acceptance', async () => {
    await moveClock('2020-05-29T09:00:00+08:00');

    const closed = ok<{ closeComplaint: { status: string; closure: { late: boolean } } }>(
      await env.gql(
        Q.closeComplaint,
        {
          input: {
            complaintId,
            outcome: 'SUBSTANTIATED',
            reply: '经查属实，已立案查处，处罚款并按日连续处罚，涉嫌犯罪部分已建议移送公安机关。',
            repliedVia: 'PHONE',
          },
        },
        officer,
      ),
    ).closeComplaint;
    await env.runtime.settle();

    expect(closed).toMatchObject({ status: 'CLOSED', closure: { late: false } });
    const [event] = await onBus('ComplaintClosed');
    expect(event?.detail.data).toMatchObject({ late: false, caseIds: [caseId.replace(/^Case:/, '')] });
    expect(
      Date.parse(String(event?.detail.data && (event.detail.data as { closureDueAt: string }).closureDueAt)),
    ).toBeGreaterThan(Date.parse('2020-05-29T09:00:00+08:00'));
  });

  it('tells the whole story in the event history of the case', async () => {
    const events = ok<{ events: { edges: { node: { detailType: string; occurredAt: string } }[] } }>(
      await env.gql(
        'query($f: EventFilter) { events(filter: $f, first: 100) { edges { node { detailType occurredAt } } } }',
        { f: { entityId: caseId.replace(/^Case:/, '') } },
        supervisor,
      ),
    ).events.edges.map((e) => e.node);
    // Events of one transaction share their instant, and their order within it is not defined: compare
    // the story transaction by transaction.
    const steps: string[][] = [];
    events.forEach((e, i) => {
      if (i > 0 && events[i - 1]?.occurredAt === e.occurredAt) steps.at(-1)?.push(e.detailType);
      else steps.push([e.detailType]);
    });

    expect(steps.map((step) => step.sort())).toEqual([
      ['CaseOpened'],
      ['CaseInvestigationStarted'],
      ['CaseCrimeSuspected', 'CaseSampleRecorded'],
      ['CaseViolationRecorded'],
      ['CasePenaltyDecided'],
      ['CorrectionOrderServed'],
      ['DailyPenaltyAssessed', 'ReinspectionRecorded'],
    ]);
    expect((await env.local<{ bus: unknown[] }>('GET', '/_local/dead-letters')).body.bus).toEqual([]);
  });

  it('proposes a case when the outfall register reports an exceedance on the bus', async () => {
    await env.runtime.bus.putEvents([
      {
        Source: 'clearwater.outfalls',
        DetailType: 'OutfallExceedanceDetected',
        Detail: JSON.stringify({
          metadata: {
            eventId: '01E8OUTFALLEXCEEDANCE00001',
            occurredAt: '2020-05-29T01:00:00.000Z',
            correlationId: 'outfall-sweep',
            actor: { kind: 'SYSTEM', id: 'system:outfalls', roles: [] },
            version: 1,
            entity: { type: 'Outfall', id: 'outfall-17' },
          },
          data: {
            outfallId: 'outfall-17',
            outfallCode: 'YH-IND-017',
            outfallName: '解州工业园1号排口',
            waterBody: '姚暹渠',
            sampleId: 'os-1',
            sampledAt: '2020-05-29T08:00:00+08:00',
            dischargers: [{ name: '运城市盐湖区某电镀有限公司', creditCode: '91350100M000100Y43' }],
            exceedances: [{ parameter: 'COD', value: 180, unit: 'mg/L', limit: 100, multiple: 1.8 }],
          },
        }),
      },
    ]);
    await env.runtime.settle();

    const open = ok<{
      cases: { edges: { node: { source: { kind: string }; party: { enterpriseFile: { id: string } } } }[] };
    }>(
      await env.gql(
        '{ cases(bureauUnitId: "yanhu-eeb", status: OPEN) { edges { node { source { kind } party { enterpriseFile { id } } } } } }',
        {},
        officer,
      ),
    ).cases.edges.map((e) => e.node);
    expect(open).toEqual([
      { source: { kind: 'OUTFALL_EXCEEDANCE' }, party: { enterpriseFile: { id: dischargerId } } },
    ]);
  });
});
