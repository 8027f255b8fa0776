/**
 * The re-inspection after a correction order is a standard deadline: reminded 5 days before (to the
 * bureau), overdue at the due instant, escalated to the supervisor 3 days after (settings), and quiet
 * once the re-inspection is recorded — however often the sweeper runs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { deadlineKinds } from '../../services/app/deadline-kinds.ts';
import { sweep } from '../../services/shared/deadlines/sweeper.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { ok, Q } from '../support/cases.ts';
import { committedEvents } from '../support/outbox.ts';

describe('Re-inspection deadlines', () => {
  let api: TestApi;
  let officer: string;
  let caseId: string;

  const sweepAt = async (at: string) => {
    api.clock.set(at);
    return sweep({ store: api.store, clock: api.clock }, deadlineKinds);
  };
  const caseSteps = async () =>
    (await committedEvents(api.store))
      .filter((e) => (e.detail.data.owner as { id?: string } | undefined)?.id === caseId)
      .map((e) => [e.detailType, (e.detail.data.recipientUnitIds as string[]).join(',')]);

  beforeAll(async () => {
    api = await createTestApi({ label: 'case-deadlines', now: '2020-09-01T09:00:00+08:00', loadYanhu: true });
    officer = await api.token('ENFORCEMENT_OFFICER', 'yanhu-eeb');
    const file = ok<{ registerEnterpriseFile: { id: string } }>(
      await api.gql(Q.registerEnterpriseFile, { input: { name: '某化工厂', address: '盐湖区' } }, officer),
    ).registerEnterpriseFile;
    caseId = ok<{ openCase: { id: string } }>(
      await api.gql(
        Q.openCase,
        { input: { title: 'COD超标', source: 'MONITORING', party: { dischargerId: file.id } } },
        officer,
      ),
    ).openCase.id.replace(/^Case:/, '');
    for (const [query, input] of [
      [Q.startInvestigation, {}],
      [Q.recordViolation, { kind: 'EXCEEDING_STANDARD', description: 'COD超标' }],
      [Q.decidePenalty, { decisionNumber: '盐环罚〔2020〕88号', fineYuan: '100000' }],
      [Q.serveOrder, {}],
    ] as const) {
      ok(await api.gql(query, { input: { caseId, ...input } }, officer));
    }
  });

  it('is due 30 days after service, rolled past the National Day holidays', async () => {
    const c = ok<{ case: { reinspectionDueAt: string } }>(
      await api.gql(Q.case, { id: caseId }, officer),
    ).case;

    // 1 September + 30 days = 1 October, a holiday (1–8 October 2020): the limit ends on Friday 9 October.
    expect(c.reinspectionDueAt).toBe('2020-10-09T15:59:59.999Z');
  });

  it('reminds the bureau, then goes overdue, then escalates to the supervisor — each once', async () => {
    await sweepAt('2020-10-04T00:00:00+08:00');
    await sweepAt('2020-10-05T00:00:00+08:00');
    expect(await caseSteps()).toEqual([['DeadlineDueSoon', 'yanhu-eeb']]);

    await sweepAt('2020-10-10T00:00:01+08:00');
    await sweepAt('2020-10-13T00:00:01+08:00');
    await sweepAt('2020-10-13T00:00:02+08:00');

    expect(await caseSteps()).toEqual([
      ['DeadlineDueSoon', 'yanhu-eeb'],
      ['DeadlineOverdue', 'yanhu-eeb'],
      ['DeadlineEscalated', 'yanhu-gov-office,yanhu-eeb'],
    ]);
  });

  it('records the late re-inspection as LATE on the timeline, and the next one starts fresh', async () => {
    ok(await api.gql(Q.reinspect, { input: { caseId, finding: 'VIOLATION_CONTINUES' } }, officer));

    const c = ok<{ case: { deadlines: { name: string; state: string }[] } }>(
      await api.gql(Q.case, { id: caseId }, officer),
    ).case;
    expect(c.deadlines.map((d) => [d.name, d.state])).toEqual([
      ['reinspection-1-1', 'LATE'],
      ['reinspection-1-2', 'OPEN'],
    ]);
    const [recorded] = await committedEvents(api.store, 'ReinspectionRecorded');
    expect(recorded?.detail.data).toMatchObject({ late: true });
  });
});
