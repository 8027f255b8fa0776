/**
 * The hand-off's limits as the sweeper fires them, against DynamoDB Local: a reminder to the side that
 * must act, `HandoffDeadlineMissed` naming that side at the due instant (told to it and the supervisor),
 * once however often the sweep runs, nothing for a limit met in time, a right's window that lapses
 * without being "missed"; the report limit a suspected crime opens on the bus; the police feed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { deadlineKinds } from '../../services/app/deadline-kinds.ts';
import { feedPolice, listPoliceFeed } from '../../services/handoffs/police-feed.ts';
import { openReportLimit } from '../../services/handoffs/proposals.ts';
import { listDeadlines } from '../../services/shared/deadlines/records.ts';
import { sweep } from '../../services/shared/deadlines/sweeper.ts';
import type { BusEvent } from '../../services/shared/events/envelope.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { ok } from '../support/cases.ts';
import { H, type HandoffView, PACKAGE, suspectedCase } from '../support/handoffs.ts';
import { type CommittedEvent, committedEvents } from '../support/outbox.ts';

const onBus = (e: CommittedEvent): BusEvent => ({
  version: '0',
  id: e.detail.metadata.eventId,
  source: e.source,
  'detail-type': e.detailType,
  account: '000000000000',
  time: e.detail.metadata.occurredAt,
  region: 'local',
  resources: [],
  detail: e.detail,
});

describe('Hand-off limits on the sweep', () => {
  let api: TestApi;
  let officer: string;
  let head: string;
  let police: string;
  const fire = () => sweep({ store: api.store, clock: api.clock }, deadlineKinds);
  const run = async (query: string, input: object, token: string) =>
    Object.values(ok<Record<string, HandoffView>>(await api.gql(query, { input }, token)))[0] as HandoffView;
  /** Events name entities by their domain ids; the API answers global ids. */
  const plain = (id: string) => id.replace(/^[A-Za-z]+:/, '');
  const limitEvents = async (detailType: string, handoffId: string) =>
    (await committedEvents(api.store, detailType)).filter(
      (e) => e.detail.data.handoffId === plain(handoffId),
    );

  async function transferredAt(instant: string): Promise<{ handoffId: string; caseId: string }> {
    api.clock.set(instant);
    const ids = await suspectedCase(api.gql, officer);
    await run(H.report, { handoffId: ids.handoffId, team: ['张三', '李四'], summary: 'x' }, officer);
    await run(H.decideApproval, { handoffId: ids.handoffId, decision: 'APPROVE', reasons: '同意' }, head);
    await run(
      H.transfer,
      { handoffId: ids.handoffId, letterNumber: '1', documents: PACKAGE, itemsSeized: false },
      officer,
    );
    return ids;
  }

  beforeAll(async () => {
    // No plan: the sweeps fire hand-off limits only.
    api = await createTestApi({
      label: 'handoff-deadlines',
      now: '2020-06-01T09:00:00+08:00',
      loadYanhu: false,
    });
    officer = await api.token('ENFORCEMENT_OFFICER', 'yanhu-eeb');
    head = await api.token('SUPERVISOR', 'yanhu-gov-office');
    police = await api.token('POLICE_OFFICER', 'yanhu-police');
  });

  it('reminds the police at half the 24-hour receipt limit, then reports it missed by POLICE to them and the supervisor', async () => {
    const { handoffId } = await transferredAt('2020-06-01T09:00:00+08:00');

    api.clock.set('2020-06-01T21:30:00+08:00');
    await fire();
    const [reminder] = await limitEvents('HandoffDeadlineDueSoon', handoffId);
    api.clock.set('2020-06-02T09:01:00+08:00');
    await fire();
    const missed = await limitEvents('HandoffDeadlineMissed', handoffId);

    expect(reminder?.detail.data).toMatchObject({
      limit: { key: 'receipt', side: 'POLICE' },
      recipientUnitIds: ['yanhu-police'],
    });
    expect(missed.map((e) => e.detail.data)).toEqual([
      expect.objectContaining({
        owner: { type: 'Handoff', id: plain(handoffId) },
        policeUnitIds: ['yanhu-police'],
        documents: PACKAGE,
        limit: expect.objectContaining({
          name: 'receipt',
          side: 'POLICE',
          dueAt: '2020-06-02T01:00:00.000Z',
        }),
        recipientUnitIds: ['yanhu-police', 'yanhu-gov-office'],
      }),
    ]);
    const h = ok<{ handoff: HandoffView }>(await api.gql(H.handoff, { id: handoffId }, officer)).handoff;
    expect(h.limits.find((l) => l.name === 'receipt')?.state).toBe('OVERDUE');
  });

  it('fires each step once however often the sweep runs, and nothing once the limit was met', async () => {
    const { handoffId } = await transferredAt('2020-06-03T09:00:00+08:00');
    api.clock.set('2020-06-03T10:00:00+08:00');
    await run(H.receive, { handoffId }, police);

    api.clock.set('2020-06-10T09:00:00+08:00');
    await Promise.all([fire(), fire()]);
    await fire();

    const missed = (await limitEvents('HandoffDeadlineMissed', handoffId)).map(
      (e) => (e.detail.data.limit as { name: string }).name,
    );
    // The receipt was met; the decision (3 days) was not; asking for materials is a right: it lapsed.
    expect(missed).toEqual(['decision']);
    const h = ok<{ handoff: HandoffView }>(await api.gql(H.handoff, { id: handoffId }, officer)).handoff;
    expect(Object.fromEntries(h.limits.map((l) => [l.name, l.state]))).toMatchObject({
      receipt: 'MET',
      materialsRequest: 'LAPSED',
      decision: 'OVERDUE',
    });
  });

  it('opens the bureau’s report limit when the crime is suspected on the bus, once, and reports it missed by the bureau', async () => {
    api.clock.set('2020-06-15T09:00:00+08:00');
    const { handoffId } = await suspectedCase(api.gql, officer);
    const suspected = (await committedEvents(api.store, 'CaseCrimeSuspected')).find(
      (e) => (e.detail.data.handoff as { handoffId: string }).handoffId === plain(handoffId),
    ) as CommittedEvent;

    await openReportLimit(onBus(suspected), api);
    await openReportLimit(onBus(suspected), api);
    api.clock.set('2020-06-16T09:00:01+08:00');
    await fire();

    const records = await listDeadlines(api.store, { type: 'Handoff', id: plain(handoffId) });
    expect(records.map((r) => [r.name, r.dueAt])).toEqual([['report', '2020-06-16T01:00:00.000Z']]);
    const [missed] = await limitEvents('HandoffDeadlineMissed', handoffId);
    expect(missed?.detail.data).toMatchObject({
      limit: { side: 'ENVIRONMENT_BUREAU' },
      policeUnitIds: [],
      recipientUnitIds: ['yanhu-eeb', 'yanhu-gov-office'],
    });
    const h = ok<{ handoff: HandoffView }>(await api.gql(H.handoff, { id: handoffId }, officer)).handoff;
    expect(h.openLimits).toEqual([
      { name: 'report', side: 'ENVIRONMENT_BUREAU', dueAt: '2020-06-16T01:00:00.000Z' },
    ]);

    // The bureau reports late: the limit closes LATE and no further report limit opens on a redelivery.
    expect(h.status).toBe('PROPOSED');
    await run(H.report, { handoffId, team: ['张三', '李四'], summary: 'x' }, officer);
    await openReportLimit(onBus(suspected), api);
    const after = await listDeadlines(api.store, { type: 'Handoff', id: plain(handoffId) });
    expect(after.find((r) => r.name === 'report')?.outcome).toBe('LATE');
    expect(after.filter((r) => r.name.startsWith('report'))).toHaveLength(1);
  });

  it('reports a written consultation left unanswered by the procuratorate to the bureau that asked and the supervisor', async () => {
    api.clock.set('2020-07-01T09:00:00+08:00');
    const { caseId } = await suspectedCase(api.gql, officer);
    const participants = [
      { name: '张三', unitId: 'yanhu-eeb' },
      { name: '王警官', unitId: 'yanhu-police' },
    ];
    const asked = ok<{ scheduleConsultation: { id: string } }>(
      await api.gql(
        H.schedule,
        {
          input: {
            caseId,
            kind: 'WRITTEN',
            topic: '定性',
            participants,
            question: '是否立案监督？',
            addressee: 'PROCURATORATE',
          },
        },
        officer,
      ),
    ).scheduleConsultation;

    api.clock.set('2020-07-09T09:00:00+08:00');
    await fire();

    const missed = (await committedEvents(api.store, 'HandoffDeadlineMissed')).find(
      (e) => (e.detail.data.owner as { id: string }).id === plain(asked.id),
    );
    // 7 days from Wednesday 1 July 2020: Wednesday 8 July.
    expect(missed?.detail.data).toMatchObject({
      owner: { type: 'Consultation' },
      limit: { side: 'PROCURATORATE', dueAt: '2020-07-08T15:59:59.999Z' },
      recipientUnitIds: ['yanhu-eeb', 'yanhu-gov-office'],
    });
  });

  it('feeds each event concerning the police unit to its feed once, and not the bureau’s own steps', async () => {
    const { handoffId } = await transferredAt('2020-06-20T09:00:00+08:00');
    const events = (await committedEvents(api.store)).filter(
      (e) => e.detail.data.handoffId === plain(handoffId),
    );

    for (const event of [...events, ...events]) await feedPolice(onBus(event), api);

    const feed = await listPoliceFeed(api.store, 'yanhu-police', 100);
    const mine = feed.items.filter((f) => f.handoffId === plain(handoffId));
    expect(mine.map((f) => f.detailType)).toEqual(['CaseHandedOff']);
    expect(JSON.parse(mine[0]?.data as string)).toMatchObject({
      caseNumber: expect.any(String),
      documents: PACKAGE,
    });
  });
});
