import { submitCase } from '../support/generators';
import { WebClient } from '../support/http';
import {
  routedCase,
  staffLogin,
  staffPost,
  startTestSystem,
  type StaffLogin,
  type TestSystem,
} from '../support/system';

/**
 * The authorization matrix: every role against every staff page and every case action, in scope and
 * out of scope, on a real server, database and workflow engine. Expectations are written out by hand
 * from SPEC §1/§4, not derived from the code under test.
 */
let system: TestSystem;
type Role =
  'expertTehran' | 'expertIsfahan' | 'supervisorTehran' | 'supervisorIsfahan' | 'inspector' | 'admin';
const staff = {} as Record<Role, StaffLogin>;
const ROLES = Object.keys({
  expertTehran: 1,
  expertIsfahan: 1,
  supervisorTehran: 1,
  supervisorIsfahan: 1,
  inspector: 1,
  admin: 1,
}) as Role[];

beforeAll(async () => {
  system = await startTestSystem();
  staff.expertTehran = await staffLogin(system, 'expert', 'tehran');
  staff.expertIsfahan = await staffLogin(system, 'expert', 'isfahan');
  staff.supervisorTehran = await staffLogin(system, 'supervisor', 'tehran');
  staff.supervisorIsfahan = await staffLogin(system, 'supervisor', 'isfahan');
  staff.inspector = await staffLogin(system, 'inspector', null);
  staff.admin = await staffLogin(system, 'admin', null);
  // Other inspectors of the shared template data would take complaints: only ours works here.
  await system
    .db('staff')
    .where({ role: 'inspector' })
    .whereNot({ id: staff.inspector.id })
    .update({ active: false });
}, 60_000);

afterAll(() => system?.close());

const complaint = {
  subject: 'complaints',
  subSubject: 'caravan-complaint',
  desk: 'inspection' as const,
  confidential: true,
};

async function newCase(kind: 'tehran' | 'complaint'): Promise<string> {
  const code = await submitCase(system.db, kind === 'complaint' ? complaint : {});
  await routedCase(system.db, code);
  return code;
}

describe('staff pages by role', () => {
  const PAGES: Record<string, Role[]> = {
    '/staff/inbox': ROLES,
    '/staff/escalations': ['supervisorTehran', 'supervisorIsfahan', 'inspector', 'admin'],
    '/staff/dashboard': ['supervisorTehran', 'supervisorIsfahan', 'inspector', 'admin'],
    '/staff/admin': ['admin'],
    '/staff/admin/staff': ['admin'],
    '/staff/admin/subjects': ['admin'],
    '/staff/admin/holidays': ['admin'],
    '/staff/admin/settings': ['admin'],
    '/staff/admin/canned': ['admin'],
    '/staff/admin/audit': ['admin'],
  };
  it.each(Object.entries(PAGES))('%s: allowed roles get it, the others 403', async (path, allowed) => {
    for (const role of ROLES) {
      const res = await staff[role].client.get(path);
      expect([role, res.status]).toEqual([role, allowed.includes(role) ? 200 : 403]);
    }
  });

  it('sends a visitor without a session to the login page, for pages and actions alike', async () => {
    const anonymous = new WebClient(system.baseUrl);
    for (const path of Object.keys(PAGES)) {
      const res = await anonymous.get(path);
      expect([path, res.status, res.location]).toEqual([path, 303, '/staff/login']);
    }
  });
});

describe('a case in scope or not', () => {
  const SEES: Record<'tehran' | 'complaint', Role[]> = {
    tehran: ['expertTehran', 'supervisorTehran', 'admin'],
    complaint: ['inspector', 'admin'],
  };
  it.each(['tehran', 'complaint'] as const)('%s case page: in scope 200, out of scope 404', async (kind) => {
    const code = await newCase(kind);
    for (const role of ROLES) {
      const res = await staff[role].client.get(`/staff/cases/${code}`);
      expect([role, res.status]).toEqual([role, SEES[kind].includes(role) ? 200 : 404]);
      const listed = await staff[role].client.get(`/staff/inbox?q=${code}`);
      expect([role, listed.html.includes(`/staff/cases/${code}"`)]).toEqual([
        role,
        SEES[kind].includes(role),
      ]);
    }
  });

  it('every action out of scope is a 404 that confirms nothing, and changes nothing', async () => {
    const code = await newCase('tehran');
    const before = await system.db('case_events').count({ n: '*' }).first();
    for (const role of ['expertIsfahan', 'supervisorIsfahan', 'inspector'] as Role[]) {
      for (const action of ['claim', 'assign', 'reply', 'requestInfo', 'note', 'transfer', 'extend']) {
        const res = await staffPost(staff[role].client, '/staff/inbox', `/staff/cases/${code}/${action}`, {
          text: 'متن آزمایشی',
          staffId: String(staff[role].id),
          province: 'isfahan',
          desk: 'province',
          businessDays: '2',
        });
        expect([role, action, res.status]).toEqual([role, action, 404]);
      }
    }
    expect(await system.db('case_events').count({ n: '*' }).first()).toEqual(before);
  });
});

describe('actions by role on cases in scope (each on a fresh case)', () => {
  type Cell = [Role, 'tehran' | 'complaint', string, 'allow' | 'deny'];
  const cells: Cell[] = [
    // The assigned Tehran expert works the case but may not hand it over or extend its deadline.
    ['expertTehran', 'tehran', 'claim', 'deny'],
    ['expertTehran', 'tehran', 'assign', 'deny'],
    ['expertTehran', 'tehran', 'reply', 'allow'],
    ['expertTehran', 'tehran', 'requestInfo', 'allow'],
    ['expertTehran', 'tehran', 'note', 'allow'],
    ['expertTehran', 'tehran', 'transfer', 'allow'],
    ['expertTehran', 'tehran', 'extend', 'deny'],
    // The province supervisor may do everything on the province's cases.
    ['supervisorTehran', 'tehran', 'claim', 'allow'],
    ['supervisorTehran', 'tehran', 'assign', 'allow'],
    ['supervisorTehran', 'tehran', 'reply', 'allow'],
    ['supervisorTehran', 'tehran', 'requestInfo', 'allow'],
    ['supervisorTehran', 'tehran', 'note', 'allow'],
    ['supervisorTehran', 'tehran', 'transfer', 'allow'],
    ['supervisorTehran', 'tehran', 'extend', 'allow'],
    // Admins run the system: they hand over, move and extend, but do not answer citizens.
    ['admin', 'tehran', 'claim', 'deny'],
    ['admin', 'tehran', 'assign', 'allow'],
    ['admin', 'tehran', 'reply', 'deny'],
    ['admin', 'tehran', 'requestInfo', 'deny'],
    ['admin', 'tehran', 'note', 'deny'],
    ['admin', 'tehran', 'transfer', 'allow'],
    ['admin', 'tehran', 'extend', 'allow'],
    // The Inspection Office works its confidential complaints fully.
    ['inspector', 'complaint', 'claim', 'deny'],
    ['inspector', 'complaint', 'assign', 'allow'],
    ['inspector', 'complaint', 'reply', 'allow'],
    ['inspector', 'complaint', 'requestInfo', 'allow'],
    ['inspector', 'complaint', 'note', 'allow'],
    ['inspector', 'complaint', 'transfer', 'allow'],
    ['inspector', 'complaint', 'extend', 'allow'],
    ['admin', 'complaint', 'reply', 'deny'],
    ['admin', 'complaint', 'assign', 'allow'],
  ];

  it.each(cells)('%s on a %s case: %s → %s', async (role, kind, action, expected) => {
    const code = await newCase(kind);
    const page = `/staff/cases/${code}`;
    const assignee = kind === 'tehran' ? staff.expertTehran.id : staff.inspector.id;
    const res = await staffPost(staff[role].client, page, `${page}/${action}`, {
      text: 'متن آزمایشی اقدام',
      staffId: String(assignee),
      province: 'isfahan',
      // A confidential complaint stays with the Inspection Office (another province's, here).
      desk: kind === 'complaint' ? 'inspection' : 'province',
      businessDays: '2',
    });
    if (expected === 'allow') {
      expect([res.status, res.location]).toEqual([303, `${page}?done=1`]);
      const audited = await system
        .db('audit_log')
        .where({ actor_staff_id: staff[role].id, action, target: code })
        .first('id');
      expect(audited).toBeDefined();
    } else {
      // Refused by the workflow's validator, with its Persian reason on the page.
      expect(res.status).toBe(409);
      expect(res.html).toContain('id="action-error"');
    }
  });
});

describe('a text action the workflow refuses', () => {
  it.each(['reply', 'requestInfo', 'note'])('%s: the text stored first is removed again', async (action) => {
    const code = await newCase('tehran');
    const page = `/staff/cases/${code}`;
    const text = `متن رد شده ${action}`;
    const res = await staffPost(staff.admin.client, page, `${page}/${action}`, { text });
    expect(res.status).toBe(409);
    const kept = await system
      .db('case_messages as m')
      .join('cases as c', 'c.id', 'm.case_id')
      .where({ 'c.tracking_code': code, 'm.body': text })
      .count<{ count: string }[]>('m.id as count');
    expect(Number(kept[0].count)).toBe(0);
  });

  it('an extension’s reason goes too, and the refused attempt is audited with the refusal', async () => {
    const code = await newCase('tehran');
    const page = `/staff/cases/${code}`;
    const text = 'دلیل تمدید رد شده';
    // An expert may not extend a deadline: the workflow's validator says so.
    const res = await staffPost(staff.expertTehran.client, page, `${page}/extend`, {
      text,
      businessDays: '2',
    });
    expect(res.status).toBe(409);
    const kept = await system
      .db('case_messages')
      .where({ body: text })
      .count<{ count: string }[]>('id as count');
    expect(Number(kept[0].count)).toBe(0);
    const audited = await system
      .db('audit_log')
      .where({ actor_staff_id: staff.expertTehran.id, action: 'extend', target: code })
      .pluck('details');
    expect(audited).toEqual([{ businessDays: 2, refused: expect.any(String) }]);
  });
});

describe('a caravan agent (the Hajj journey role) on the request desk', () => {
  it('is sent to the caravan desk, finds no request case, and none of the managers’ pages', async () => {
    const agent = await staffLogin(system, 'agent' as never, 'tehran');
    const code = await newCase('tehran');
    // Their desk is the caravan's: the inbox sends them there.
    const inbox = await agent.client.get('/staff/inbox?view=all&status=any');
    expect([inbox.status, inbox.location]).toEqual([303, '/staff/hajj']);
    const desk = await agent.client.get('/staff/hajj');
    expect(desk.status).toBe(200);
    expect(desk.html).toContain('href="/staff/hajj"');
    expect(desk.html).not.toContain('href="/staff/escalations"');
    expect((await agent.client.get(`/staff/cases/${code}`)).status).toBe(404);
    for (const path of ['/staff/escalations', '/staff/dashboard', '/staff/admin'])
      expect([path, (await agent.client.get(path)).status]).toEqual([path, 403]);
  });
});
