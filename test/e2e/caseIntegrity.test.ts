import { ACTION_REJECTIONS } from '../../domain/desk/copy';
import { ADMIN_MESSAGES } from '../../domain/shared/copy';
import { submitCase } from '../support/generators';
import { hiddenValue } from '../support/http';
import {
  routedCase,
  staffLogin,
  staffPost,
  startTestSystem,
  type StaffLogin,
  type TestSystem,
} from '../support/system';

/**
 * No request can take a case out of the pool of those who see it: the pages offer and take only
 * eligible assignees and known transfer targets, and operators see and retry what failed for good.
 */
let system: TestSystem;
let supervisor: StaffLogin;
let expert: StaffLogin;
let isfahanExpert: StaffLogin;
let admin: StaffLogin;
let inspector: StaffLogin;
let agent: StaffLogin;

beforeAll(async () => {
  system = await startTestSystem();
  supervisor = await staffLogin(system, 'supervisor', 'tehran');
  expert = await staffLogin(system, 'expert', 'tehran');
  isfahanExpert = await staffLogin(system, 'expert', 'isfahan');
  admin = await staffLogin(system, 'admin', null);
  inspector = await staffLogin(system, 'inspector', null);
  agent = await staffLogin(system, 'agent' as never, 'tehran');
}, 60_000);

afterAll(() => system?.close());

async function routed(overrides = {}) {
  const code = await submitCase(system.db, overrides);
  await routedCase(system.db, code);
  return code;
}
const events = async (code: string) =>
  Number(
    (
      await system
        .db('case_events as e')
        .join('cases as c', 'c.id', 'e.case_id')
        .where('c.tracking_code', code)
        .count({ n: '*' })
        .first()
    )?.n,
  );
const caseRow = (code: string) => system.db('cases').where({ tracking_code: code }).first();

describe('assigning a case', () => {
  it('offers only the province’s experts and supervisors, and refuses anyone else with nothing changed', async () => {
    const code = await routed();
    const page = `/staff/cases/${code}`;
    const offered = (await supervisor.client.get(page)).html;
    expect(offered).toContain(`value="${expert.id}"`);
    expect(offered).toContain(`value="${supervisor.id}"`);
    for (const other of [isfahanExpert, admin, inspector, agent])
      expect(offered).not.toContain(`value="${other.id}"`);

    const before = { row: await caseRow(code), events: await events(code) };
    for (const staffId of [isfahanExpert.id, admin.id, inspector.id, agent.id, 987_654_321]) {
      const res = await staffPost(supervisor.client, page, `${page}/assign`, { staffId: String(staffId) });
      expect([staffId, res.status]).toEqual([staffId, 422]);
      expect(res.html).toContain(ACTION_REJECTIONS.assigneeNotEligible);
    }
    expect(await caseRow(code)).toMatchObject({ assigned_to: before.row.assigned_to });
    expect(await events(code)).toBe(before.events);

    const res = await staffPost(supervisor.client, page, `${page}/assign`, { staffId: String(expert.id) });
    expect([res.status, res.location]).toEqual([303, `${page}?done=1`]);
  });

  it('refuses a bulk reassignment to someone outside the escalations’ pools, with nothing changed', async () => {
    const code = await routed();
    await system.db('cases').where({ tracking_code: code }).update({ escalation_level: 1 });
    const before = await events(code);
    const res = await staffPost(supervisor.client, '/staff/escalations', '/staff/escalations/assign', {
      codes: code,
      staffId: String(isfahanExpert.id),
    });
    expect(res.status).toBe(422);
    expect(res.html).toContain(ACTION_REJECTIONS.assigneeNotEligible);
    expect(await events(code)).toBe(before);
  });
});

describe('transferring a case', () => {
  it('keeps a confidential complaint with the Inspection Office', async () => {
    const code = await routed({
      subject: 'complaints',
      subSubject: 'caravan-complaint',
      desk: 'inspection',
      confidential: true,
    });
    const page = `/staff/cases/${code}`;
    const before = await events(code);
    const res = await staffPost(inspector.client, page, `${page}/transfer`, {
      province: 'isfahan',
      desk: 'province',
      text: 'ارجاع به استان',
    });
    expect(res.status).toBe(422);
    expect(res.html).toContain(ACTION_REJECTIONS.confidentialStaysWithInspection);
    expect(await caseRow(code)).toMatchObject({ province: 'tehran', desk: 'inspection' });
    expect(await events(code)).toBe(before);
  });
});

describe('incidents', () => {
  it('lists open incidents for admins only and sends an audited retry, with a CSRF token', async () => {
    const code = await routed();
    await system
      .db('incidents')
      .insert({ workflow_id: code, kind: 'case', step: 'recordEvent', error: 'SQLSTATE 23503' });
    for (const other of [supervisor, expert])
      expect((await other.client.get('/staff/admin/incidents')).status).toBe(403);
    const list = await admin.client.get('/staff/admin/incidents');
    expect(list.status).toBe(200);
    expect(list.html).toContain(`href="/staff/cases/${code}"`);

    const forged = await admin.client.post('/staff/admin/incidents/retry', { workflowId: code });
    expect(forged.status).toBe(403);
    const unknown = await admin.client.post('/staff/admin/incidents/retry', {
      _csrf: hiddenValue(list.html, '_csrf'),
      workflowId: 'no-such-workflow',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.html).toContain(ADMIN_MESSAGES.incidentUnknown);

    const retried = await staffPost(admin.client, '/staff/admin/incidents', '/staff/admin/incidents/retry', {
      workflowId: code,
    });
    expect([retried.status, retried.location]).toEqual([303, '/staff/admin/incidents?saved=1']);
    expect(await system.db('incidents').where({ workflow_id: code }).first('retried_by')).toEqual({
      retried_by: admin.id,
    });
    expect(
      await system
        .db('audit_log')
        .where({ actor_staff_id: admin.id, action: 'incident-retry', target: code })
        .first('id'),
    ).toBeDefined();
  });
});
