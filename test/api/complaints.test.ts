/**
 * 12369 complaints through the API: intake, acceptance within the limit, assignment, one extension,
 * closure with the reply; the reporter's contact seen only by the supervisor and the assigned unit; a
 * case opened from a report; and every limit a deadline that the sweeper escalates.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { deadlineKinds } from '../../services/app/deadline-kinds.ts';
import { sweep } from '../../services/shared/deadlines/sweeper.ts';
import { scanAll } from '../integration/plan-fixtures.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { ok, Q, refused } from '../support/cases.ts';
import { committedEvents } from '../support/outbox.ts';

const PHONE = '13912345678';

interface ComplaintView {
  id: string;
  number: string;
  status: string;
  reporter: { name: string | null; phone: string | null } | null;
  cases: { id: string; number: string }[];
  deadlines: { name: string; dueAt: string; state: string }[];
}

describe('12369 complaints API', () => {
  let api: TestApi;
  let desk: string;
  let supervisor: string;
  let xiezhou: string;
  let dongguo: string;
  let enforcement: string;
  let police: string;
  let complaintId: string;

  const intake = async (over: object = {}) =>
    ok<{ intakeComplaint: { id: string; number: string; acceptanceDueAt: string; reporter: unknown } }>(
      await api.gql(
        Q.intake,
        {
          input: {
            channel: 'PHONE',
            location: '解州镇东侧排水渠',
            townshipUnitId: 'xiezhou',
            description: '夜间排放黄色污水，有刺鼻气味',
            reporter: { name: '李四', phone: PHONE },
            ...over,
          },
        },
        desk,
      ),
    ).intakeComplaint;
  const read = async (token: string, id = complaintId) =>
    ok<{ complaint: ComplaintView | null }>(await api.gql(Q.complaint, { id }, token)).complaint;

  beforeAll(async () => {
    api = await createTestApi({ label: 'complaints-api', now: '2020-05-06T10:00:00+08:00' });
    desk = await api.token('UNIT_OFFICER', 'yanhu-eeb');
    supervisor = await api.token('SUPERVISOR', 'yanhu-gov-office');
    xiezhou = await api.token('UNIT_OFFICER', 'xiezhou');
    dongguo = await api.token('UNIT_OFFICER', 'dongguo');
    enforcement = await api.token('ENFORCEMENT_OFFICER', 'yanhu-eeb');
    police = await api.token('POLICE_OFFICER', 'yanhu-police');
  });

  it('takes a report with its acceptance limit (15 days by default), numbered by year', async () => {
    const taken = await intake();
    complaintId = taken.id;

    expect(taken).toMatchObject({ number: '12369-2020-0001', acceptanceDueAt: '2020-05-21T15:59:59.999Z' });
    expect(taken.id).toBe(`Complaint:${complaintId.replace(/^Complaint:/, '')}`);
  });

  it('shows the reporter only to the supervisor before assignment — not even to the desk that took it', async () => {
    expect(await intake({ reporter: undefined })).toMatchObject({ reporter: null });
    expect((await read(desk))?.reporter).toBeNull();
    expect((await read(enforcement))?.reporter).toBeNull();
    expect((await read(supervisor))?.reporter).toEqual({ name: '李四', phone: PHONE, email: null });
    expect(await read(xiezhou)).toBeNull();
    expect(await read(police)).toBeNull();
  });

  it('accepts within the limit: the closure deadline runs 60 days from acceptance', async () => {
    api.clock.set('2020-05-07T09:00:00+08:00');

    const accepted = ok<{ acceptComplaint: { status: string; closureDueAt: string } }>(
      await api.gql(Q.accept, { input: { complaintId } }, desk),
    ).acceptComplaint;

    expect(accepted).toEqual({
      id: complaintId,
      status: 'ACCEPTED',
      closureDueAt: '2020-07-06T15:59:59.999Z',
    });
    const [event] = await committedEvents(api.store, 'ComplaintAccepted');
    expect(event?.detail.data).toMatchObject({ late: false });
  });

  it('assigns to a unit, which then sees the reporter; other units see nothing', async () => {
    const assigned = ok<{
      assignComplaint: { status: string; closureDueAt: string; assignedUnit: { id: string } };
    }>(
      await api.gql(Q.assign, { input: { complaintId, unitId: 'xiezhou', note: '请核查' } }, desk),
    ).assignComplaint;

    expect(assigned).toMatchObject({
      status: 'ASSIGNED',
      closureDueAt: '2020-07-06T15:59:59.999Z',
      assignedUnit: { id: 'Unit:xiezhou' },
    });
    expect((await read(xiezhou))?.reporter).toMatchObject({ phone: PHONE });
    expect(await read(dongguo)).toBeNull();
    expect((await read(desk))?.reporter).toBeNull();
  });

  it('keeps the limits on the report’s timeline', async () => {
    expect((await read(supervisor))?.deadlines.map((d) => [d.name, d.state])).toEqual([
      ['acceptance', 'MET'],
      ['closure-1', 'CANCELLED'],
      ['closure-2', 'OPEN'],
    ]);
  });

  it('lets a unit list only its own reports', async () => {
    const LIST =
      'query($u: ID) { complaints(assignedUnitId: $u) { edges { node { id reporter { phone } } } } }';
    const own = ok<{ complaints: { edges: { node: { id: string; reporter: { phone: string } } }[] } }>(
      await api.gql(LIST, { u: 'xiezhou' }, xiezhou),
    );
    expect(own.complaints.edges.map((e) => e.node)).toEqual([
      { id: complaintId, reporter: { phone: PHONE } },
    ]);
    expect(refused(await api.gql(LIST, { u: 'xiezhou' }, dongguo))).toMatchObject({ code: 'FORBIDDEN' });
    const byDesk = ok<{ complaints: { edges: { node: { reporter: unknown } }[] } }>(
      await api.gql(
        '{ complaints(status: ASSIGNED) { edges { node { id reporter { phone } } } } }',
        {},
        desk,
      ),
    );
    expect(byDesk.complaints.edges.map((e) => e.node.reporter)).toEqual([null]);
  });

  it('opens a case from the report, linked both ways', async () => {
    const opened = ok<{
      openCaseFromComplaint: {
        case: { id: string; number: string; source: { kind: string; complaint: { id: string } } };
      };
    }>(
      await api.gql(
        Q.openCaseFromComplaint,
        { input: { complaintId, title: '12369举报：夜间排放污水' } },
        enforcement,
      ),
    ).openCaseFromComplaint;

    expect(opened.case.source).toEqual({
      kind: 'HOTLINE_12369',
      eventId: null,
      complaint: { id: complaintId, number: '12369-2020-0001' },
    });
    expect((await read(enforcement))?.cases).toEqual([{ id: opened.case.id, number: opened.case.number }]);
    expect((await read(xiezhou))?.cases).toEqual([]);
  });

  it('extends once, by at most 30 days, moving the deadline', async () => {
    const EXTEND = Q.extend;
    expect(
      refused(await api.gql(EXTEND, { input: { complaintId, days: 31, reason: '需要监测' } }, xiezhou)),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.days',
    });
    expect(
      refused(await api.gql(EXTEND, { input: { complaintId, days: 20, reason: '需要监测' } }, desk)),
    ).toMatchObject({
      code: 'FORBIDDEN',
    });

    const extended = ok<{ extendComplaint: { closureDueAt: string; extension: { days: number } } }>(
      await api.gql(
        EXTEND,
        { input: { complaintId, days: 20, reason: '需委托监测，已告知举报人' } },
        xiezhou,
      ),
    ).extendComplaint;

    // 20 days after 6 July is Sunday 26 July: rolled to Monday 27 July.
    expect(extended).toEqual({
      id: complaintId,
      closureDueAt: '2020-07-27T15:59:59.999Z',
      extension: { days: 20 },
    });
    expect(
      refused(await api.gql(EXTEND, { input: { complaintId, days: 5, reason: '再延' } }, xiezhou)),
    ).toMatchObject({
      code: 'CONFLICT',
      reason: 'EXTENSION_ALREADY_USED',
    });
  });

  it('closes with the reply, by the assigned unit', async () => {
    api.clock.set('2020-06-20T09:00:00+08:00');
    expect(
      refused(
        await api.gql(
          Q.closeComplaint,
          { input: { complaintId, outcome: 'SUBSTANTIATED', reply: '已查处' } },
          dongguo,
        ),
      ),
    ).toMatchObject({ code: 'NOT_FOUND' });

    const closed = ok<{ closeComplaint: { status: string; closure: { outcome: string; late: boolean } } }>(
      await api.gql(
        Q.closeComplaint,
        {
          input: {
            complaintId,
            outcome: 'SUBSTANTIATED',
            reply: '经查属实，已立案查处并责令改正。',
            repliedVia: 'PHONE',
          },
        },
        xiezhou,
      ),
    ).closeComplaint;

    expect(closed).toMatchObject({ status: 'CLOSED', closure: { outcome: 'SUBSTANTIATED', late: false } });
  });

  it('puts no reporter contact in any event', async () => {
    const events = await committedEvents(api.store);

    expect(events.some((e) => e.source === 'clearwater.complaints')).toBe(true);
    expect(JSON.stringify(events)).not.toContain(PHONE);
    expect(JSON.stringify(events)).not.toContain('李四');
  });

  it('redirects a report outside the bureau’s competence, with the reason; it cannot then be accepted', async () => {
    const other = await intake({ description: '噪声扰民' });

    ok(
      await api.gql(
        'mutation($input: RedirectComplaintInput!) { redirectComplaint(input: $input) { id status } }',
        {
          input: { complaintId: other.id, redirectedTo: '盐湖区城市管理局', reason: '噪声不属于水污染举报' },
        },
        desk,
      ),
    );

    expect(refused(await api.gql(Q.accept, { input: { complaintId: other.id } }, desk))).toMatchObject({
      code: 'CONFLICT',
      reason: 'COMPLAINT_NOT_RECEIVED',
    });
    expect(
      refused(
        await api.gql(Q.openCaseFromComplaint, { input: { complaintId: other.id, title: 'x' } }, enforcement),
      ),
    ).toMatchObject({
      reason: 'COMPLAINT_NOT_ACCEPTED',
    });
  });

  it('escalates a report not accepted within its limit, and records the late acceptance', async () => {
    api.clock.set('2020-06-20T09:00:00+08:00');
    const late = await intake({ description: '河道漂浮死鱼' });
    api.clock.set('2020-07-08T00:00:00+08:00'); // 15 days after 20 June end on Monday 6 July (24:00); escalation 3 days later

    const report = await sweep({ store: api.store, clock: api.clock }, deadlineKinds);

    expect(report.fired).toBeGreaterThanOrEqual(2);
    const steps = (await committedEvents(api.store)).filter(
      (e) =>
        e.source === 'clearwater.deadlines' &&
        (e.detail.data.owner as { id: string } | undefined)?.id === late.id.replace(/^Complaint:/, ''),
    );
    expect(steps.map((e) => e.detailType)).toEqual(['DeadlineOverdue']);
    expect(steps[0]?.detail.data).toMatchObject({
      recipientUnitIds: ['yanhu-eeb'],
      deadline: { name: 'acceptance' },
    });
    api.clock.set('2020-07-10T00:00:00+08:00');
    await sweep({ store: api.store, clock: api.clock }, deadlineKinds);
    const escalated = (await committedEvents(api.store, 'DeadlineEscalated')).filter(
      (e) => (e.detail.data.owner as { id: string } | undefined)?.id === late.id.replace(/^Complaint:/, ''),
    );
    expect(escalated[0]?.detail.data).toMatchObject({ recipientUnitIds: ['yanhu-gov-office', 'yanhu-eeb'] });

    ok(await api.gql(Q.accept, { input: { complaintId: late.id } }, desk));
    const accepted = (await committedEvents(api.store, 'ComplaintAccepted')).at(-1);
    expect(accepted?.detail.data).toMatchObject({ late: true });
  });

  it('stores the contact only on the report itself', async () => {
    const holders = (await scanAll(api.store)).filter((item) => JSON.stringify(item).includes(PHONE));

    expect(new Set(holders.map((i) => i.itemType))).toEqual(new Set(['Complaint']));
  });
});
