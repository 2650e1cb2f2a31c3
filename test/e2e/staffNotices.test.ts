import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { outboxOnly } from '../../activities/integrations/notifications';
import { staffNotifier } from '../../activities/shared/staffNotices';
import { AUDIT_ACTIONS } from '../../domain/shared/audit';
import { ADMIN_MESSAGES, AUDIT_COPY, STAFF_NOTICE_COPY } from '../../domain/shared/copy';
import { hiddenValue } from '../support/http';
import { staffLogin, staffPost, startTestSystem, type StaffLogin, type TestSystem } from '../support/system';

/**
 * Request level: each staff member's notices page and channel choices, the admin's contact fields
 * on staff accounts, and the audit log in Persian, on a real server and database.
 */
let system: TestSystem;
let admin: StaffLogin;

beforeAll(async () => {
  system = await startTestSystem();
  admin = await staffLogin(system, 'admin', null);
}, 60_000);

afterAll(() => system?.close());

const staffRow = (id: number) => system.db('staff').where({ id }).first('email', 'mobile', 'notice_channels');
const choicesForm = (html: string, ...choices: string[]) =>
  new URLSearchParams([
    ['_csrf', hiddenValue(html, '_csrf')],
    ...choices.map((c): [string, string] => ['choices', c]),
  ]);
const checked = (html: string) =>
  [...html.matchAll(/name="choices" value="([^"]+)" checked/g)].map((m) => m[1]).sort();

describe('a staff member’s channels', () => {
  it('start from the role’s default, refuse a channel without its contact or unknown, and save what was chosen', async () => {
    const expert = await staffLogin(system, 'expert', 'tehran');
    const page = await expert.client.get('/staff/notices/settings');
    expect(page.status).toBe(200);
    expect(checked(page.html)).toEqual(['deadline:sms']);
    expect(page.html).toContain(STAFF_NOTICE_COPY.roleDefault);

    // No mobile on file yet: SMS cannot be chosen.
    const noMobile = await expert.client.post(
      '/staff/notices/settings',
      choicesForm(page.html, 'deadline:sms'),
    );
    expect(noMobile.status).toBe(422);
    expect(noMobile.html).toContain(STAFF_NOTICE_COPY.noMobile);
    const unknown = await expert.client.post(
      '/staff/notices/settings',
      choicesForm(page.html, 'deadline:fax'),
    );
    expect(unknown.status).toBe(422);
    expect(unknown.html).toContain(STAFF_NOTICE_COPY.unknownChoice);
    const noEmail = await expert.client.post('/staff/notices/settings', choicesForm(page.html, 'work:email'));
    expect(noEmail.status).toBe(422);
    expect(noEmail.html).toContain(STAFF_NOTICE_COPY.noEmail);
    expect((await staffRow(expert.id)).notice_channels).toBeNull();

    await system.db('staff').where({ id: expert.id }).update({ mobile: '09121110000', email: 'e@haj.ir' });
    const saved = await expert.client.post(
      '/staff/notices/settings',
      choicesForm(page.html, 'deadline:sms', 'work:email'),
    );
    expect(saved.status).toBe(303);
    expect((await staffRow(expert.id)).notice_channels).toEqual(['deadline:sms', 'work:email']);
    const again = await expert.client.get('/staff/notices/settings');
    expect(checked(again.html)).toEqual(['deadline:sms', 'work:email']);
    expect(again.html).not.toContain(STAFF_NOTICE_COPY.roleDefault);

    // Nothing ticked: the notices page only.
    expect((await expert.client.post('/staff/notices/settings', choicesForm(page.html))).status).toBe(303);
    expect((await staffRow(expert.id)).notice_channels).toEqual([]);
    const audited = await system
      .db('audit_log')
      .where({ actor_staff_id: expert.id, action: 'notice-settings' })
      .orderBy('id')
      .pluck('details');
    expect(audited).toEqual([{ choices: ['deadline:sms', 'work:email'] }, { choices: [] }]);
  });

  it('refuses a form without its CSRF token', async () => {
    const supervisor = await staffLogin(system, 'supervisor', 'tehran');
    const res = await supervisor.client.post('/staff/notices/settings', { choices: 'deadline:email' });
    expect(res.status).toBe(403);
    expect((await staffRow(supervisor.id)).notice_channels).toBeNull();
  });
});

describe('the admin’s contact fields', () => {
  const account = (fields: Record<string, string>) => ({
    fullName: 'همکار آزمایشی',
    role: 'expert',
    province: 'tehran',
    desks: 'province',
    password: 'a-long-password-1',
    ...fields,
  });

  it.each([
    ['a mobile of 10 digits', { mobile: '0912123456' }, ADMIN_MESSAGES.staffMobile],
    ['a landline as mobile', { mobile: '02188776655' }, ADMIN_MESSAGES.staffMobile],
    ['an email without a domain', { email: 'someone@' }, ADMIN_MESSAGES.staffEmail],
    ['an email with spaces', { email: 'a b@haj.ir' }, ADMIN_MESSAGES.staffEmail],
  ])('a new account with %s: 422, the message, nothing stored', async (_name, fields, message) => {
    const username = `bad-${Math.random().toString(36).slice(2, 10)}`;
    const res = await staffPost(
      admin.client,
      '/staff/admin/staff',
      '/staff/admin/staff',
      account({ username, ...fields }),
    );
    expect(res.status).toBe(422);
    expect(res.html).toContain(message);
    expect(await system.db('staff').where({ username }).first('id')).toBeUndefined();
  });

  it('stores a new account’s contacts as citizens’ are (any digits, +98), and edits them', async () => {
    const username = `ok-${Math.random().toString(36).slice(2, 10)}`;
    const created = await staffPost(
      admin.client,
      '/staff/admin/staff',
      '/staff/admin/staff',
      account({ username, mobile: '+98 ۹۱۲ ۳۴۵ ۶۷۸۹', email: ' Someone@Haj.ir ' }),
    );
    expect(created.status).toBe(303);
    const row = await system.db('staff').where({ username }).first('id', 'email', 'mobile');
    expect(row).toMatchObject({ email: 'someone@haj.ir', mobile: '09123456789' });

    const edit = (fields: Record<string, string>) =>
      staffPost(admin.client, '/staff/admin/staff', `/staff/admin/staff/${row.id}`, {
        fullName: 'همکار آزمایشی',
        role: 'supervisor',
        province: 'tehran',
        desks: 'province',
        active: '1',
        ...fields,
      });
    const refused = await edit({ email: 'not-an-address', mobile: '09120000000' });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain(ADMIN_MESSAGES.staffEmail);
    expect(await system.db('staff').where({ id: row.id }).first('role', 'email', 'mobile')).toEqual({
      role: 'expert',
      email: 'someone@haj.ir',
      mobile: '09123456789',
    });
    expect((await edit({ email: '', mobile: '09۱۲0000000' })).status).toBe(303);
    expect(await system.db('staff').where({ id: row.id }).first('email', 'mobile')).toEqual({
      email: null,
      mobile: '09120000000',
    });
    const page = await admin.client.get('/staff/admin/staff');
    expect(page.html).toContain('value="09120000000"');
  });
});

describe('the notices page', () => {
  it('lists a staff member’s own notices newest first, counts the unread in the menu, and marks them read', async () => {
    const expert = await staffLogin(system, 'expert', 'tehran');
    const other = await staffLogin(system, 'expert', 'tehran');
    const notify = staffNotifier({
      db: system.db,
      sms: outboxOnly,
      email: outboxOnly,
      publicUrl: 'http://x',
    });
    for (const [i, key] of ['first', 'second', 'third'].entries())
      await notify([expert.id], {
        key: `test:${key}`,
        kind: 'work',
        subject: `اعلان ${i + 1}`,
        body: `متن اعلان ${key}`,
        trackingCode: i === 2 ? '1234567890' : null,
        depositNumber: i === 1 ? '55501' : undefined,
      });
    await notify([other.id], { key: 'test:other', kind: 'work', subject: 'دیگری', body: 'متن دیگری' });

    const inbox = await expert.client.get('/staff/inbox');
    expect(inbox.html).toMatch(/id="unread-count"[^>]*>۳</);
    const page = await expert.client.get('/staff/notices');
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('متن دیگری');
    const order = ['third', 'second', 'first'].map((k) => page.html.indexOf(`متن اعلان ${k}`));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]))).toBe(true);
    expect(page.html).toContain('href="/staff/cases/1234567890"');
    expect(page.html).toContain('href="/staff/hajj/pilgrims/55501"');
    expect(page.html.match(/class="unread"/g)).toHaveLength(3);

    const ids = await system
      .db('notifications')
      .where({ staff_id: expert.id, channel: 'inbox' })
      .orderBy('id')
      .pluck('id');
    const otherId = await system.db('notifications').where({ staff_id: other.id }).first('id');
    // Someone else's notice is not found, and stays unread.
    const foreign = await staffPost(expert.client, '/staff/notices', `/staff/notices/${otherId.id}/read`, {});
    expect(foreign.status).toBe(404);
    expect(await system.db('notifications').where({ id: otherId.id }).first('read_at')).toEqual({
      read_at: null,
    });
    expect((await staffPost(expert.client, '/staff/notices', '/staff/notices/abc/read', {})).status).toBe(
      404,
    );

    const one = await staffPost(expert.client, '/staff/notices', `/staff/notices/${ids[0]}/read`, {});
    expect(one.status).toBe(303);
    const after = await expert.client.get('/staff/notices');
    expect(after.html).toMatch(/id="unread-count"[^>]*>۲</);
    expect(after.html.match(/class="unread"/g)).toHaveLength(2);

    expect((await staffPost(expert.client, '/staff/notices', '/staff/notices/read-all', {})).status).toBe(
      303,
    );
    const done = await expert.client.get('/staff/notices');
    expect(done.html).not.toContain('id="unread-count"');
    expect(done.html).not.toContain('class="unread"');
    expect(
      await system.db('notifications').where({ staff_id: other.id }).whereNull('read_at').count(),
    ).toEqual([{ count: '1' }]);
    expect((await expert.client.post('/staff/notices/read-all', {})).status).toBe(403);
    expect((await expert.client.get('/staff/notices?beforeId=1e30')).status).toBe(400);
  });

  it('is only for staff who are logged in', async () => {
    const res = await fetch(`${system.baseUrl}/staff/notices`, { redirect: 'manual' });
    expect([res.status, res.headers.get('location')]).toEqual([303, '/staff/login']);
  });
});

describe('the audit log in Persian', () => {
  /** Audit keys written as literals in the code (the typed `AuditAction` union keeps the rest). */
  function auditKeysInCode(): string[] {
    const root = join(__dirname, '../..');
    const walk = (dir: string): string[] =>
      readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory()
          ? walk(join(dir, e.name))
          : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
            ? [join(dir, e.name)]
            : [],
      );
    const files = ['web', 'db', 'activities', 'worker', 'stack'].flatMap(walk);
    const keys = files.flatMap((file) => {
      const text = readFileSync(join(root, file), 'utf8');
      return [
        ...text.matchAll(/action: '([a-z-]+)'/g),
        ...text.matchAll(/record\(req, '([a-z-]+)'/g),
        ...text.matchAll(/pilgrimAction\([^)]*?'([a-z-]+)'/g),
      ].map((m) => m[1]);
    });
    return [...new Set(keys)];
  }

  it('knows every key the code writes', () => {
    const known = new Set<string>(AUDIT_ACTIONS);
    const found = auditKeysInCode();
    expect(found.length).toBeGreaterThan(20);
    expect(found.filter((k) => !known.has(k))).toEqual([]);
  });

  it('shows every key as a label and a sentence, and an unknown key readably', async () => {
    const details: Record<string, Record<string, unknown>> = {
      'staff-create': { id: 7, role: 'supervisor', province: 'isfahan' },
      'staff-update': {
        role: 'expert',
        province: 'tehran',
        desks: ['province'],
        active: false,
        passwordChanged: true,
      },
      transfer: { province: 'isfahan', desk: 'province' },
      'holiday-move': { to: '2026-03-25', title: null },
      'hajj-cancel': { refused: 'پس از صدور روادید ممکن نیست.' },
      reply: { refused: 'این درخواست پیش‌تر پاسخ داده شده است.' },
      'hajj-import': { inserted: 10, duplicates: 2, rejected: 1 },
    };
    const target = (key: string) => (key.startsWith('holiday-') ? '2026-03-21' : '1234567890');
    await system.db('audit_log').insert([
      ...AUDIT_ACTIONS.map((action) => ({
        actor_staff_id: admin.id,
        action,
        target: target(action),
        details: details[action] ?? {},
      })),
      {
        actor_staff_id: admin.id,
        action: 'mystery-key',
        target: 'x-1',
        details: { id: 7, active: true, note: 'n' },
      },
    ]);
    const page = await admin.client.get('/staff/admin/audit');
    expect(page.status).toBe(200);
    // The newest entry of each key: the ones just written.
    const rows = new Map<string, { label: string; sentence: string }>();
    for (const m of page.html.matchAll(
      /<tr data-action="([^"]+)">.*?<td class="audit-label">(.*?)<\/td><td class="audit-sentence">(.*?)<\/td>/g,
    ))
      if (!rows.has(m[1])) rows.set(m[1], { label: m[2], sentence: m[3] });
    for (const action of AUDIT_ACTIONS) {
      const row = rows.get(action);
      expect([action, row?.label]).toEqual([action, AUDIT_COPY[action].label]);
      expect([action, /undefined|null|\[object|[{}]/.test(row!.sentence)]).toEqual([action, false]);
      expect(row!.label).not.toContain(action);
    }
    expect(rows.get('staff-create')!.sentence).toContain('سرپرست استان');
    expect(rows.get('staff-create')!.sentence).toContain('اصفهان');
    expect(rows.get('staff-update')!.sentence).toContain('غیرفعال');
    expect(rows.get('transfer')!.sentence).toContain('اصفهان');
    expect(rows.get('holiday-move')!.sentence).toMatch(/۱۴۰۵\/۰۱\/۰۱.*۱۴۰۵\/۰۱\/۰۵/);
    expect(rows.get('hajj-cancel')!.sentence).toContain('انجام نشد: پس از صدور روادید ممکن نیست.');
    expect(rows.get('reply')!.sentence).toBe(
      'به درخواست ۱۲۳۴۵۶۷۸۹۰ پاسخ داد. — انجام نشد: این درخواست پیش‌تر پاسخ داده شده است.',
    );
    expect(rows.get('hajj-import')!.sentence).toContain('۱۰ ردیف افزوده');
    expect(rows.get('mystery-key')).toEqual({
      label: 'رویداد «mystery-key»',
      sentence: 'x-۱ — شناسه: ۷؛ note: n؛ فعال: بله', // jsonb orders keys by length
    });
    // The event filter offers the labels and filters by the key.
    const filtered = await admin.client.get('/staff/admin/audit?action=hajj-cancel');
    expect([...filtered.html.matchAll(/<tr data-action="([^"]+)"/g)].map((m) => m[1])).toEqual([
      'hajj-cancel',
    ]);
    expect(filtered.html).toContain(
      `<option value="hajj-cancel" selected>${AUDIT_COPY['hajj-cancel'].label}</option>`,
    );
  });
});
