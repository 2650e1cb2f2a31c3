import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { holdSeat } from '../../db/queries/hajj/bookings';
import { HAJJ_ADMIN_MESSAGES } from '../../domain/hajj/copy';
import { addCaravan, addDeposits } from '../support/hajj';
import { applyCaseEvent, type CaseSnapshot } from '../../db/queries/desk/projection';
import { CHANNEL_LABELS, REPORT_COPY, STAFF_ENTRY_MESSAGES } from '../../domain/desk/copy';
import { FIELD_ERRORS } from '../../domain/shared/copy';
import { formatJalaliDate, tehranParts } from '../../domain/shared/jalali';
import { toLatinDigits } from '../../domain/shared/digits';
import { requestForm, trackingCodeOf } from '../support/citizen';
import { generatedTrackingCode } from '../../bench/generate';
import { nationalCodeHash } from '../../domain/shared/nationalCode';
import { newCitizen, TEST_HASH_KEY } from '../support/generators';
import { eventually, hiddenValue, WebClient } from '../support/http';
import {
  createStaffAccount,
  staffLogin,
  staffPost,
  startTestSystem,
  type StaffLogin,
  type TestSystem,
} from '../support/system';

/**
 * Issue 17's staff work on the real stack: requests entered by staff for a citizen, and the reports
 * with their CSV and XLSX exports, checked against cases whose figures are known.
 */
let system: TestSystem;
let expert: StaffLogin;
let supervisor: StaffLogin;
let inspector: StaffLogin;
let admin: StaffLogin;

beforeAll(async () => {
  system = await startTestSystem();
  expert = await staffLogin(system, 'expert', 'tehran');
  supervisor = await staffLogin(system, 'supervisor', 'tehran');
  inspector = await staffLogin(system, 'inspector', null);
  admin = await staffLogin(system, 'admin', null);
}, 60_000);

afterAll(() => system?.close());

const count = async (table: string) => Number((await system.db(table).count({ n: '*' }).first())!.n);

describe('a request entered by staff for a citizen', () => {
  async function enter(who: StaffLogin, overrides: Record<string, string>, citizen = newCitizen()) {
    const page = await who.client.get('/staff/requests/new');
    expect(page.status).toBe(200);
    const form = requestForm(page.html, citizen, overrides);
    form.delete('captcha');
    return { res: await who.client.post('/staff/requests', form), citizen };
  }

  it('shows the citizen form without a captcha and with the channel', async () => {
    const page = await expert.client.get('/staff/requests/new');
    expect(page.html).toContain('name="channel"');
    expect(page.html).not.toContain('name="captcha"');
    expect(page.html).toContain('action="/staff/requests"');
    for (const label of [CHANNEL_LABELS.phone, CHANNEL_LABELS['in-person'], CHANNEL_LABELS.letter])
      expect(page.html).toContain(label);
  });

  it.each([
    ['no channel', {}, STAFF_ENTRY_MESSAGES.channel],
    ['a channel staff do not enter through', { channel: 'open311' }, STAFF_ENTRY_MESSAGES.channel],
    [
      'a national code failing its checksum',
      { channel: 'phone', nationalCode: '0012345678' },
      FIELD_ERRORS.nationalCode,
    ],
    ['no text', { channel: 'letter', text: '' }, FIELD_ERRORS.required],
  ])('refuses %s with 422 and a Persian message, storing nothing', async (_name, overrides, message) => {
    const before = { cases: await count('cases'), outbox: await count('workflow_outbox') };
    const { res } = await enter(expert, overrides);
    expect(res.status).toBe(422);
    expect(res.html).toContain(message);
    expect({ cases: await count('cases'), outbox: await count('workflow_outbox') }).toEqual(before);
  });

  it('asks the civil registry as the citizen form does', async () => {
    const before = await count('cases');
    const citizen = newCitizen();
    const wrongYear = citizen.birthDate.replace(/^\d{4}/, (y) => String(Number(y) - 2));
    const { res } = await enter(expert, { channel: 'phone', birthDate: wrongYear }, citizen);
    expect(res.status).toBe(422);
    expect(res.html).toContain(FIELD_ERRORS.identityMismatch);
    expect(await count('cases')).toBe(before);
  });

  it('stores the case with its channel and who entered it, audits it, and texts the citizen the code', async () => {
    const { res, citizen } = await enter(supervisor, { channel: 'in-person' });
    expect(res.status).toBe(201);
    expect(res.html).toContain(STAFF_ENTRY_MESSAGES.entered);
    const code = trackingCodeOf(res.html)!;
    expect(code).toMatch(/^\d{10}$/);
    const kase = await system.db('cases').where({ tracking_code: code }).first();
    expect(kase).toMatchObject({
      channel: 'in-person',
      entered_by: supervisor.id,
      national_code: citizen.nationalCode,
      citizen_name: citizen.fullName,
      mobile: citizen.mobile,
    });
    const entry = await system.db('audit_log').where({ action: 'case-entered', target: code }).first();
    expect(entry).toMatchObject({ actor_staff_id: supervisor.id, details: { channel: 'in-person' } });
    const sms = await eventually(
      () => system.db('notifications').where({ tracking_code: code, channel: 'sms' }).first(),
      (n) => n !== undefined,
    );
    expect(sms.recipient).toBe(citizen.mobile);
    expect(toLatinDigits(sms.body)).toContain(code);
  });

  it('is for experts and supervisors only', async () => {
    for (const who of [inspector, admin]) {
      expect((await who.client.get('/staff/requests/new')).status).toBe(403);
    }
  });
});

describe('reports and exports', () => {
  const HOUR = 3_600_000;
  const now = Date.now();
  const jalali = (ms: number) => toLatinDigits(formatJalaliDate(tehranParts(new Date(ms))));
  const range = `from=${jalali(now - 5 * 86_400_000)}&to=${jalali(now)}`;
  let e1: number;
  let e2: number;
  let seeded = 0;

  /** A case of the period, its timeline written by the projection as the workflow would. */
  async function seed(
    c: { province?: string; channel?: string; createdAt: number },
    events: { kind: string; at: number; actor?: number; score?: number; snapshot: Partial<CaseSnapshot> }[],
  ) {
    // Written directly, with no outbox row: no workflow runs for these, their timelines are below.
    const citizen = newCitizen();
    const code = generatedTrackingCode(900_000 + seeded++);
    await system.db('cases').insert({
      tracking_code: code,
      national_code: citizen.nationalCode,
      national_code_hash: nationalCodeHash(citizen.nationalCode, TEST_HASH_KEY),
      birth_date: citizen.birthDate,
      citizen_name: citizen.fullName,
      province: c.province ?? 'tehran',
      mobile: citizen.mobile,
      subject: 'hajj-tamattu',
      sub_subject: 'caravan-booking',
      text: 'درخواست نمونه',
      desk: 'province',
      confidential: false,
      channel: c.channel ?? 'web',
      created_at: new Date(c.createdAt),
    });
    let seq = 0;
    for (const e of events) {
      await applyCaseEvent(system.db, {
        trackingCode: code,
        seq: ++seq,
        kind: e.kind,
        public: true,
        at: new Date(e.at).toISOString(),
        actorStaffId: e.actor ?? null,
        data: e.score ? { score: e.score } : {},
        snapshot: {
          status: 'routed',
          province: c.province ?? 'tehran',
          desk: 'province',
          assignedTo: null,
          escalationLevel: 0,
          dueAt: new Date(c.createdAt + 100 * HOUR).toISOString(),
          answeredAt: null,
          answeredBy: null,
          closedAt: null,
          ...e.snapshot,
        },
      });
    }
    return code;
  }

  beforeAll(async () => {
    e1 = (await staffLogin(system, 'expert', 'tehran')).id;
    e2 = (await staffLogin(system, 'expert', 'isfahan')).id;
    await system
      .db('staff')
      .whereIn('id', [e1, e2])
      .update({ full_name: system.db.raw(`'کارشناس ' || id`) });
    // The cases other tests made fall before the period: only those below are counted.
    await system.db('cases').update({ created_at: new Date(now - 60 * 86_400_000) });
    const t0 = now - 3 * 86_400_000;
    const answered = (by: number, h: number, extra: Partial<CaseSnapshot> = {}) => ({
      kind: 'answered',
      at: t0 + h * HOUR,
      actor: by,
      snapshot: {
        status: 'answered' as const,
        assignedTo: by,
        answeredBy: by,
        answeredAt: new Date(t0 + h * HOUR).toISOString(),
        ...extra,
      },
    });
    const rated = (answer: ReturnType<typeof answered>, score: number) => ({
      kind: 'rated',
      at: answer.at + HOUR,
      score,
      snapshot: answer.snapshot,
    });
    // A: answered on time after 10 h, rated 5.
    const a = answered(e1, 10);
    await seed({ createdAt: t0 }, [a, rated(a, 5)]);
    // B: answered on time after 20 h, then an objection reopened it (answered_at cleared, level 1).
    await seed({ createdAt: t0 }, [
      answered(e1, 20),
      { kind: 'reopened', at: t0 + 21 * HOUR, snapshot: { assignedTo: e1, escalationLevel: 1 } },
    ]);
    // C: escalated, then answered late after 30 h, rated 2.
    const c = answered(e1, 30, { escalationLevel: 1 });
    await seed({ createdAt: t0 }, [
      { kind: 'escalated', at: t0 + 5 * HOUR, snapshot: { assignedTo: e1, escalationLevel: 1 } },
      c,
      rated(c, 2),
    ]);
    // D: open, escalated, in no one's hands.
    await seed({ createdAt: t0 }, [
      { kind: 'escalated', at: t0 + 5 * HOUR, snapshot: { escalationLevel: 1 } },
    ]);
    // E: Isfahan, answered on time after 40 h, rated 4.
    const e = answered(e2, 40);
    await seed({ province: 'isfahan', createdAt: t0 }, [e, rated(e, 4)]);
    // F: entered by phone, not yet handled.
    await seed({ channel: 'phone', createdAt: t0 }, []);
    // G: outside the period.
    await seed({ createdAt: now - 40 * 86_400_000 }, [answered(e1, 1)]);
  }, 60_000);

  /** Cells of a sheet's data rows (after the title, the period and the header), by first cell. */
  async function workbook(who: StaffLogin) {
    const res = await who.client.download(`/staff/reports/export.xlsx?${range}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ArrayBuffer);
    return (sheet: string) => {
      const ws = book.getWorksheet(sheet);
      if (!ws) throw new Error(`no sheet ${sheet}`);
      const rows: Record<string, unknown[]> = {};
      ws.eachRow((row, n) => {
        const values = (row.values as unknown[]).slice(1);
        if (n === 2) rows['#period'] = values;
        if (n === 3) rows['#header'] = values;
        if (n > 3) rows[String(values[0])] = values.slice(1);
      });
      return rows;
    };
  }

  it("gives headquarters every province's figures in the XLSX, with Persian headers and Jalali dates", async () => {
    const sheet = await workbook(admin);
    const S = REPORT_COPY.sheets;
    const sla = sheet(S.slaProvince);
    expect(sla['#header']).toEqual([
      REPORT_COPY.sla.province,
      REPORT_COPY.sla.total,
      REPORT_COPY.sla.onTime,
      REPORT_COPY.sla.late,
      REPORT_COPY.sla.unanswered,
      REPORT_COPY.sla.escalated,
      REPORT_COPY.sla.compliance,
    ]);
    expect(String(sla['#period'][0])).toMatch(
      /^بازه: [۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2} تا [۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2}$/,
    );
    // total, on time, late, unanswered, escalated, compliance %
    expect(sla['تهران']).toEqual([5, 2, 1, 2, 3, 66.7]);
    expect(sla['اصفهان']).toEqual([1, 1, 0, 0, 0, 100]);
    const experts = sheet(S.slaExpert);
    expect(experts[`کارشناس ${e1}`]).toEqual([3, 2, 1, 0, 2, 66.7]);
    expect(experts[`کارشناس ${e2}`]).toEqual([1, 1, 0, 0, 0, 100]);
    expect(experts[REPORT_COPY.unassigned]).toEqual([2, 0, 0, 2, 1]); // no compliance without an answer
    const ratings = sheet(S.ratings);
    expect(ratings[REPORT_COPY.ratings.mean]).toEqual([3.7]);
    expect([1, 2, 3, 4, 5].map((s) => ratings[REPORT_COPY.ratings.score(s)][0])).toEqual([0, 1, 0, 1, 1]);
    expect(ratings[REPORT_COPY.ratings.share]).toEqual([75]);
    const timing = sheet(S.firstAnswer);
    expect(timing[REPORT_COPY.firstAnswer.count]).toEqual([4]);
    expect(timing[REPORT_COPY.firstAnswer.median]).toEqual([25]);
    expect(timing[REPORT_COPY.firstAnswer.p90]).toEqual([37]);
    const channels = sheet(S.channels);
    expect(channels[CHANNEL_LABELS.web]).toEqual([5]);
    expect(channels[CHANNEL_LABELS.phone]).toEqual([1]);
    expect(channels[CHANNEL_LABELS.letter]).toEqual([0]);
  });

  it("gives a supervisor only the province's cases, as the inbox does", async () => {
    const sheet = await workbook(supervisor);
    const sla = sheet(REPORT_COPY.sheets.slaProvince);
    expect(Object.keys(sla).filter((k) => !k.startsWith('#'))).toEqual(['تهران']);
    const ratings = sheet(REPORT_COPY.sheets.ratings);
    expect(ratings[REPORT_COPY.ratings.mean]).toEqual([3.5]);
    const timing = sheet(REPORT_COPY.sheets.firstAnswer);
    expect(timing[REPORT_COPY.firstAnswer.median]).toEqual([20]);
    expect(timing[REPORT_COPY.firstAnswer.p90]).toEqual([28]);
  });

  it('exports each report as CSV in UTF-8 with a byte-order mark', async () => {
    const res = await admin.client.download(`/staff/reports/export.csv?${range}&report=sla-province`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = res.body;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]).toBe(REPORT_COPY.sheets.slaProvince);
    expect(lines).toContain('تهران,5,2,1,2,3,66.7');
  });

  it('shows the page with Persian figures and refuses a bad period with 422', async () => {
    const page = await admin.client.get(`/staff/reports?${range}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<td>تهران</td><td>۵</td><td>۲</td><td>۱</td>');
    for (const bad of [
      'from=1405/13/01&to=1405/01/01',
      `from=${jalali(now)}&to=${jalali(now - 3 * 86_400_000)}`,
    ]) {
      const res = await admin.client.get(`/staff/reports?${bad}`);
      expect(res.status).toBe(422);
      expect(res.html).toContain(REPORT_COPY.rangeInvalid);
      expect((await admin.client.get(`/staff/reports/export.xlsx?${bad}`)).status).toBe(422);
    }
    expect((await admin.client.get(`/staff/reports/export.csv?${range}&report=nope`)).status).toBe(422);
  });

  it('counts on the dashboard a case answered before an objection reopened it', async () => {
    // Tehran's answered cases: A, C, G and B, whose answer an objection reopened.
    const page = await supervisor.client.get('/staff/dashboard');
    expect(page.status).toBe(200);
    expect(/id="stat-answered">([^<]*)</.exec(page.html)?.[1]).toBe('۴');
    expect(page.html).toMatch(
      /<td[^>]*>تهران<\/td>(<td[^>]*>[۰-۹]+<\/td>){2}<td data-label="پاسخ داده شده">۴<\/td>/,
    );
  });

  it('is for supervisors, the Inspection Office and admins', async () => {
    expect((await expert.client.get('/staff/reports')).status).toBe(403);
    expect((await expert.client.get(`/staff/reports/export.xlsx?${range}`)).status).toBe(403);
    expect((await inspector.client.get('/staff/reports')).status).toBe(200);
  });
});

describe('caravan agents and caravans in admin', () => {
  const CARAVANS = '/staff/admin/caravans';
  const caravanFields = (overrides: Record<string, string> = {}) => ({
    code: `t-${randomUUID().slice(0, 6)}`,
    name: 'کاروان بشارت',
    province: 'tehran',
    agentName: 'شرکت زیارتی بشارت',
    managerName: 'مدیر بشارت',
    managerPhone: '۰۹۱۲۱۲۳۴۵۶۷',
    capacity: '۴۵',
    price: '۱٬۸۵۰٬۰۰۰٬۰۰۰',
    departsFrom: '۱۴۰۶/۰۲/۲۰',
    flightDate: '١٤٠٦/٠٢/٢٥',
    departsTo: '1406/03/01',
    ...overrides,
  });

  it('creates a caravan from Persian, Arabic-Indic and Latin digits and Jalali dates', async () => {
    const fields = caravanFields();
    const res = await staffPost(admin.client, CARAVANS, CARAVANS, fields);
    expect(res.status).toBe(303);
    const row = await system.db('hajj_caravans').where({ code: fields.code.toUpperCase() }).first();
    expect(row).toMatchObject({
      name: 'کاروان بشارت',
      province: 'tehran',
      manager_phone: '09121234567',
      capacity: 45,
      seats_taken: 0,
      price_rials: '1850000000',
      agent_staff_id: null,
    });
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    // 1406/02/20 = 2027-05-10; 1406/02/25 = 2027-05-15; 1406/03/01 = 2027-05-22
    expect(
      [row.departs_from, row.flight_date, row.departs_to].map((d: Date) =>
        iso(new Date(d.getTime() + 12 * 3_600_000)),
      ),
    ).toEqual(['2027-05-10', '2027-05-15', '2027-05-22']);
    const entry = await system
      .db('audit_log')
      .where({ action: 'hajj-caravan-created', target: String(row.id) })
      .first();
    expect(entry.actor_staff_id).toBe(admin.id);
    const page = await admin.client.get(CARAVANS);
    expect(page.html).toContain('۱٬۸۵۰٬۰۰۰٬۰۰۰');
    expect(page.html).toContain('۱۴۰۶/۰۲/۲۰');
  });

  it.each([
    ['a date that does not exist', { departsFrom: '۱۴۰۶/۱۳/۰۱' }, HAJJ_ADMIN_MESSAGES.date],
    ['a flight outside the departure days', { flightDate: '۱۴۰۶/۰۴/۰۱' }, HAJJ_ADMIN_MESSAGES.dateOrder],
    ['a price with a fraction', { price: '۱۲۰۰.۵' }, HAJJ_ADMIN_MESSAGES.price],
    ['a capacity of zero', { capacity: '۰' }, HAJJ_ADMIN_MESSAGES.capacity],
    ['a manager phone that is no mobile', { managerPhone: '۱۲۳' }, HAJJ_ADMIN_MESSAGES.managerPhone],
    ['an unknown province', { province: 'atlantis' }, HAJJ_ADMIN_MESSAGES.province],
    ['a code taken', { code: 'TEH-101' }, HAJJ_ADMIN_MESSAGES.codeTaken],
  ])('refuses %s with 422 and a Persian message, storing nothing', async (_name, overrides, message) => {
    await addCaravan(system.db, { code: 'TEH-101' }).catch(() => undefined);
    const before = await count('hajj_caravans');
    const res = await staffPost(admin.client, CARAVANS, CARAVANS, caravanFields(overrides));
    expect(res.status).toBe(422);
    expect(res.html).toContain(message);
    expect(await count('hajj_caravans')).toBe(before);
  });

  it('keeps the capacity at or above the seats held and sold', async () => {
    const id = await addCaravan(system.db, { capacity: 3 });
    const deposits = await addDeposits(system.db, 2);
    for (const [i, depositNumber] of deposits.entries()) {
      const held = await holdSeat(system.db, {
        requestKey: randomUUID(),
        depositNumber,
        caravanId: id,
        channel: 'online',
        bookedBy: null,
        province: null,
        heldUntil: new Date(Date.now() + 86_400_000).toISOString(),
      });
      expect([i, held.ok]).toEqual([i, true]);
    }
    const code = (await system.db('hajj_caravans').where({ id }).first('code')).code;
    const edit = (capacity: string, province = 'tehran') =>
      staffPost(admin.client, CARAVANS, `${CARAVANS}/${id}`, caravanFields({ code, capacity, province }));
    const below = await edit('۱');
    expect(below.status).toBe(422);
    expect(below.html).toContain(HAJJ_ADMIN_MESSAGES.belowSeatsTaken('۲'));
    expect(await system.db('hajj_caravans').where({ id }).first('capacity', 'seats_taken')).toEqual({
      capacity: 3,
      seats_taken: 2,
    });
    const moved = await edit('۳', 'isfahan');
    expect(moved.status).toBe(422);
    expect(moved.html).toContain(HAJJ_ADMIN_MESSAGES.provinceBooked);
    expect((await edit('۲')).status).toBe(303);
    expect(await system.db('hajj_caravans').where({ id }).first('capacity', 'seats_taken', 'name')).toEqual({
      capacity: 2,
      seats_taken: 2,
      name: 'کاروان بشارت',
    });
    expect((await staffPost(admin.client, CARAVANS, `${CARAVANS}/999999`, caravanFields())).status).toBe(404);
  });

  it('creates a caravan agent with their caravan, who then reaches the Hajj pages', async () => {
    const caravan = await addCaravan(system.db);
    const page = await admin.client.get('/staff/admin/staff');
    expect(page.html).toContain(`<option value="agent"`);
    const username = `agent-${randomUUID().slice(0, 6)}`;
    const password = 'agent-password-1';
    const create = (fields: Record<string, string | string[]>) => {
      const body = new URLSearchParams();
      body.append('_csrf', hiddenValue(page.html, '_csrf'));
      for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
      return admin.client.post('/staff/admin/staff', body);
    };
    const before = await count('staff');
    const noCaravan = await create({ username, fullName: 'کارگزار تازه', role: 'agent', password });
    expect(noCaravan.status).toBe(422);
    expect(noCaravan.html).toContain(HAJJ_ADMIN_MESSAGES.agentCaravans);
    expect(await count('staff')).toBe(before);
    const made = await create({
      username,
      fullName: 'کارگزار تازه',
      role: 'agent',
      password,
      caravans: String(caravan),
    });
    expect(made.status).toBe(303);
    const agent = await system.db('staff').where({ username }).first('id', 'role', 'province');
    expect(agent).toMatchObject({ role: 'agent', province: 'tehran' });
    expect(
      await system.db('hajj_caravans').where({ id: caravan }).first('agent_staff_id', 'agent_name'),
    ).toEqual({
      agent_staff_id: agent.id,
      agent_name: 'کارگزار تازه',
    });
    const client = new WebClient(system.baseUrl);
    const login = await client.get('/staff/login');
    await client.post('/staff/login', { _csrf: hiddenValue(login.html, '_csrf'), username, password });
    expect((await client.get(`/staff/hajj/caravans/${caravan}`)).status).toBe(200);
  });

  it('edits an agent without turning them into an expert', async () => {
    const caravan = await addCaravan(system.db);
    const other = await addCaravan(system.db);
    const agent = await createStaffAccount(system.db, 'agent', 'tehran');
    await system.db('hajj_caravans').where({ id: caravan }).update({ agent_staff_id: agent.id });
    const page = await admin.client.get('/staff/admin/staff');
    // The agent's own form offers their role, selected, and their caravan, selected.
    const form = page.html.slice(page.html.indexOf(`action="/staff/admin/staff/${agent.id}"`));
    const own = form.slice(0, form.indexOf('</form>'));
    expect(own).toMatch(/<option value="agent" selected>/);
    expect(own).toMatch(new RegExp(`<option value="${caravan}" selected>`));
    const res = await staffPost(admin.client, '/staff/admin/staff', `/staff/admin/staff/${agent.id}`, {
      fullName: 'کارگزار ویرایش‌شده',
      role: 'agent',
      caravans: String(other),
      active: '1',
    });
    expect(res.status).toBe(303);
    expect(await system.db('staff').where({ id: agent.id }).first('role', 'full_name')).toEqual({
      role: 'agent',
      full_name: 'کارگزار ویرایش‌شده',
    });
    const held = await system
      .db('hajj_caravans')
      .whereIn('id', [caravan, other])
      .orderBy('id')
      .pluck('agent_staff_id');
    expect(held).toEqual([null, agent.id]);
  });
});
