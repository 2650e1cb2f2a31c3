import QRCode from 'qrcode';
import type { Db } from '../../db';
import { loadCalendarSettings } from '../../db/queries/shared/calendar';
import { addBusinessDays } from '../../domain/shared/businessCalendar';
import { SELF_SERVICE_COPY as C, PAGE_MESSAGES } from '../../domain/shared/copy';
import { toPersianDigits } from '../../domain/shared/digits';
import { formatJalaliDate, tehranParts } from '../../domain/shared/jalali';
import { EXE, requestForm, trackingCodeOf, type Citizen } from '../support/citizen';
import { newCitizen } from '../support/generators';
import { eventually, hiddenValue, WebClient } from '../support/http';
import { createStaffAccount, routedCase, startTestSystem, type TestSystem } from '../support/system';

/**
 * Issue 18's self-service over HTTP against the real web, database and engine: forms that outlive
 * their session come back with what was typed, the answer's deadline on the receipt and in the SMS,
 * the help page and its admin, the guides, and lost-code recovery that never tells who exists.
 */
let system: TestSystem;
let db: Db;

beforeAll(async () => {
  system = await startTestSystem({ LOG_LEVEL: 'silent' });
  db = system.db;
});

afterAll(async () => {
  await system?.close();
});

const caseCount = async () => Number((await db('cases').count({ n: '*' }).first())!.n);
const TEXT = 'متنی طولانی که شهروند نیم ساعت برای نوشتنش وقت گذاشت.';
const MINIMAL_PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** Submits the form from a fresh page of `client`, with `overrides` (e.g. a stale token). */
async function submit(client: WebClient, citizen: Citizen, overrides: Record<string, string> = {}) {
  const page = await client.get('/requests/new');
  return client.post('/requests', requestForm(page.html, citizen, { text: TEXT, ...overrides }));
}

async function loginAs(role: 'admin' | 'expert', province: string | null) {
  const account = await createStaffAccount(db, role, province);
  const client = new WebClient(system.baseUrl);
  const page = await client.get('/staff/login');
  const login = await client.post('/staff/login', {
    _csrf: hiddenValue(page.html, '_csrf'),
    username: account.username,
    password: account.password,
  });
  expect(login.status).toBe(303);
  return { ...account, client };
}

describe('a form sent after its session ran out', () => {
  it('a stale token brings the request form back with what was typed and a fresh token; that token works', async () => {
    const citizen = newCitizen();
    const client = new WebClient(system.baseUrl);
    const before = await caseCount();
    const stale = await submit(client, citizen, { _csrf: 'stale-token-from-an-old-session' });
    expect(stale.status).toBe(403);
    expect(stale.html).toContain(C.sessionRenewed);
    expect(stale.html).toContain(TEXT);
    expect(stale.html).toContain(`value="${citizen.nationalCode}"`);
    expect(stale.html).toContain(`value="${citizen.mobile}"`);
    const token = hiddenValue(stale.html, '_csrf');
    expect(token).not.toBe('stale-token-from-an-old-session');
    expect(await caseCount()).toBe(before);

    // The form as it came back, sent again: stored.
    const again = await client.post('/requests', requestForm(stale.html, citizen, { text: TEXT }));
    expect(again.status).toBe(201);
    expect(trackingCodeOf(again.html)).toBeDefined();
    expect(await caseCount()).toBe(before + 1);
  });

  it('a session that is gone altogether (no cookie, no token) gets the form back too', async () => {
    const citizen = newCitizen();
    const page = await new WebClient(system.baseUrl).get('/requests/new');
    // Another browser: the session of that page is not its own, as after the session expired.
    const expired = new WebClient(system.baseUrl);
    const form = requestForm(page.html, citizen, { text: TEXT });
    form.delete('_csrf');
    const back = await expired.post('/requests', form);
    expect(back.status).toBe(403);
    expect(back.html).toContain(C.sessionRenewed);
    expect(back.html).toContain(TEXT);
    const sent = await expired.post('/requests', requestForm(back.html, citizen, { text: TEXT }));
    expect(sent.status).toBe(201);
  });

  it('the track form keeps its values; an action whose proof expired keeps its text for the next track', async () => {
    const client = new WebClient(system.baseUrl);
    const stale = await client.post('/track', {
      _csrf: 'stale',
      nationalCode: '0084575948',
      trackingCode: '1234',
    });
    expect(stale.status).toBe(403);
    expect(stale.html).toContain('value="0084575948"');
    expect(hiddenValue(stale.html, '_csrf')).not.toBe('stale');

    const objection = await client.post('/track/1000000009/object', { _csrf: 'stale', text: TEXT });
    expect(objection.status).toBe(403);
    expect(objection.html).toContain(C.trackAgain);
    expect(hiddenValue(objection.html, 'pendingKind')).toBe('objection');
    expect(hiddenValue(objection.html, 'pendingText')).toBe(TEXT);
  });

  it('a staff note with a stale token comes back on the case page; after an expired login, after the next login', async () => {
    const citizen = newCitizen();
    const submitted = await submit(new WebClient(system.baseUrl), citizen);
    const code = trackingCodeOf(submitted.html)!;
    await routedCase(db, code);
    const expert = await loginAs('expert', 'tehran');
    const note = 'یادداشتی مفصل که کارشناس مدتی برای نوشتنش وقت گذاشت.';

    const stale = await expert.client.post(`/staff/cases/${code}/note`, { _csrf: 'stale', text: note });
    expect(stale.status).toBe(403);
    expect(stale.html.split(C.sessionRenewed)).toHaveLength(2);
    expect(stale.html).toMatch(new RegExp(`id="note-text"[^>]*>${note}</textarea>`));

    // Logged out meanwhile: the login page keeps the text, and the case page shows it after login.
    const loggedOut = new WebClient(system.baseUrl);
    const login = await loggedOut.post(`/staff/cases/${code}/note`, { _csrf: 'x', text: note });
    expect(login.status).toBe(401);
    expect(login.html).toContain(C.staffDraftKept);
    const back = await loggedOut.post('/staff/login', {
      _csrf: hiddenValue(login.html, '_csrf'),
      username: expert.username,
      password: expert.password,
    });
    expect(back.location).toBe(`/staff/cases/${code}`);
    const casePage = await loggedOut.get(back.location!);
    expect(casePage.html).toContain(note);
    // Once: the next visit has the form empty.
    expect((await loggedOut.get(back.location!)).html).not.toContain(note);
  });
});

describe('answers the citizen is waiting for', () => {
  it('the success page, the receipt and the received SMS say when the answer is due; the receipt masks the code and has the QR', async () => {
    const citizen = newCitizen();
    const client = new WebClient(system.baseUrl);
    const success = await submit(client, citizen);
    const code = trackingCodeOf(success.html)!;
    const row = await db('cases as c')
      .join('subjects as s', 's.slug', 'c.subject')
      .where('c.tracking_code', code)
      .first('c.created_at', 's.sla_business_days');
    const due = addBusinessDays(
      row.created_at,
      row.sla_business_days,
      await loadCalendarSettings(db, row.created_at),
    );
    const dueText = C.answerDue(formatJalaliDate(tehranParts(due)), toPersianDigits(row.sla_business_days));
    expect(success.html).toContain(dueText);

    const receipt = await client.get(`/requests/receipt/${code}`);
    expect(receipt.html).toContain(dueText);
    expect(receipt.html).toContain(toPersianDigits(`******${citizen.nationalCode.slice(-4)}`));
    expect(receipt.html).not.toContain(citizen.nationalCode);
    const qr = await QRCode.toString(`${system.config.publicUrl.replace(/\/$/, '')}/track?code=${code}`, {
      type: 'svg',
      errorCorrectionLevel: 'M',
      margin: 2,
    });
    // The page escapes base64's padding (=) as an HTML entity, which the browser reads back.
    expect(receipt.html.replaceAll('&#x3D;', '=')).toContain(
      `data:image/svg+xml;base64,${Buffer.from(qr).toString('base64')}`,
    );
    // The QR's address opens the track form with the code filled in.
    expect((await client.get(`/track?code=${code}`)).html).toContain(`value="${code}"`);

    const routed = await routedCase(db, code);
    const sms = await eventually(
      () =>
        db('notifications')
          .where({ dedupe_key: `${code}:received:sms` })
          .first('body'),
      (n) => n !== undefined,
    );
    expect(sms.body).toContain(formatJalaliDate(tehranParts(new Date(routed.due_at))));
    expect(sms.body).toContain(`${toPersianDigits(row.sla_business_days)} روز کاری`);
  });
});

describe('the result card', () => {
  it('shows the deadlines to answer and to object, and after an objection still the earlier reply with its expert and date', async () => {
    // The province's only expert, so the case is assigned to them.
    const expert = await loginAs('expert', 'ilam');
    const citizen = newCitizen();
    const code = trackingCodeOf(
      (await submit(new WebClient(system.baseUrl), citizen, { province: 'ilam', areaCode: '084' })).html,
    )!;
    expect((await routedCase(db, code)).assigned_to).toBe(expert.id);
    const fullName = (await db('staff').where({ id: expert.id }).first('full_name')).full_name;
    const act = async (action: string, fields: Record<string, string> = {}) => {
      const page = await expert.client.get(`/staff/cases/${code}`);
      const done = await expert.client.post(`/staff/cases/${code}/${action}`, {
        _csrf: hiddenValue(page.html, '_csrf'),
        ...fields,
      });
      expect(done.status).toBe(303);
    };
    const citizenClient = new WebClient(system.baseUrl);
    const track = async () => {
      const page = await citizenClient.get('/track');
      const result = await citizenClient.post('/track', {
        _csrf: hiddenValue(page.html, '_csrf'),
        nationalCode: citizen.nationalCode,
        trackingCode: code,
        captcha: '',
      });
      expect(result.status).toBe(200);
      return result.html;
    };
    const status = (s: string) =>
      eventually(
        () => db('cases').where({ tracking_code: code }).first('status'),
        (c) => c?.status === s,
      );

    await act('requestInfo', { text: 'تصویر گذرنامه را بفرستید.' });
    await status('info-requested');
    const asked = await track();
    expect(asked).toMatch(/id="info-due">۱۴[۰-۹]{2}\/[۰-۹]{2}\/[۰-۹]{2} ساعت/);
    const supplement = await citizenClient.post(
      `/track/${code}/supplement`,
      (() => {
        const form = new FormData();
        form.append('_csrf', hiddenValue(asked, '_csrf'));
        form.append('text', 'گذرنامه در راه است.');
        return form;
      })(),
    );
    expect(supplement.status).toBe(303);
    await status('routed');
    await act('reply', { text: 'ثبت نهایی از فردا ممکن است.' });
    await status('answered');
    const answered = await track();
    expect(answered).toMatch(/id="objection-due">۱۴[۰-۹]{2}\/[۰-۹]{2}\/[۰-۹]{2} ساعت/);
    const objected = await citizenClient.post(`/track/${code}/object`, {
      _csrf: hiddenValue(answered, '_csrf'),
      text: 'پاسخ کافی نیست.',
    });
    expect(objected.status).toBe(303);
    await status('routed');

    const after = (await citizenClient.get(`/track/${code}`)).html;
    const conversation = after.slice(after.indexOf('id="conversation"'));
    const order = [
      'تصویر گذرنامه را بفرستید.',
      'گذرنامه در راه است.',
      'ثبت نهایی از فردا ممکن است.',
      'پاسخ کافی نیست.',
    ];
    const at = order.map((text) => conversation.indexOf(text));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const replyItem = conversation.slice(conversation.lastIndexOf('<li', at[2]), at[2]);
    expect(replyItem).toContain('پاسخ کارشناس');
    expect(replyItem).toContain(fullName);
    expect(replyItem).toMatch(/۱۴[۰-۹]{2}\/[۰-۹]{2}\/[۰-۹]{2} ساعت/);
    expect(after).not.toContain('id="objection-due"');
  });
});

describe('the help page and the guides', () => {
  it('shows the seeded questions; the admin adds, reorders and deletes them', async () => {
    const help = await new WebClient(system.baseUrl).get('/help');
    expect(help.status).toBe(200);
    expect(help.html).toContain('کد پیگیری خود را گم کرده‌ام؛ چه کنم؟');

    const admin = await loginAs('admin', null);
    const page = await admin.client.get('/staff/admin/faq');
    const csrf = hiddenValue(page.html, '_csrf');
    const empty = await admin.client.post('/staff/admin/faq', { _csrf: csrf, question: '', answer: 'x' });
    expect(empty.status).toBe(422);
    expect(empty.html).toContain(C.faqText);
    const added = await admin.client.post('/staff/admin/faq', {
      _csrf: csrf,
      question: 'پرسش تازه آزمون؟',
      answer: 'پاسخ تازه آزمون.',
    });
    expect(added.status).toBe(303);
    const order = async () => (await db('faq_entries').orderBy('position').pluck('question')) as string[];
    expect((await order()).at(-1)).toBe('پرسش تازه آزمون؟');
    const id = (await db('faq_entries').where({ question: 'پرسش تازه آزمون؟' }).first('id')).id;
    await admin.client.post(`/staff/admin/faq/${id}/up`, { _csrf: csrf });
    expect((await order()).at(-2)).toBe('پرسش تازه آزمون؟');
    const shown = (await new WebClient(system.baseUrl).get('/help')).html;
    expect(shown.indexOf('پرسش تازه آزمون؟')).toBeLessThan(shown.indexOf((await order()).at(-1)!));
    await admin.client.post(`/staff/admin/faq/${id}/delete`, { _csrf: csrf });
    expect(await order()).not.toContain('پرسش تازه آزمون؟');
  });

  it('the admin uploads a guide as a PDF (checked by its bytes); the public downloads it', async () => {
    const admin = await loginAs('admin', null);
    const page = await admin.client.get('/staff/admin/guides');
    const csrf = hiddenValue(page.html, '_csrf');
    const guide = await db('guides').orderBy('position').first('id', 'title');
    const upload = (content: Buffer, name: string) => {
      const form = new FormData();
      form.append('_csrf', csrf);
      form.append('id', String(guide.id));
      form.append('title', guide.title);
      form.append('file', new Blob([new Uint8Array(content)], { type: 'application/pdf' }), name);
      return admin.client.post('/staff/admin/guides', form);
    };
    expect((await new WebClient(system.baseUrl).get(`/guides/${guide.id}`)).status).toBe(404);

    const disguised = await upload(EXE, 'guide.pdf');
    expect(disguised.status).toBe(422);
    expect(disguised.html).toContain(C.guideFile);
    expect((await db('guides').where({ id: guide.id }).first('filename')).filename).toBeNull();

    expect((await upload(MINIMAL_PDF, 'راهنما.pdf')).status).toBe(303);
    const list = await new WebClient(system.baseUrl).get('/guides');
    expect(list.html).toContain(`href="/guides/${guide.id}"`);
    const download = await new WebClient(system.baseUrl).get(`/guides/${guide.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    const disposition = download.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="[^"]*\.pdf"; filename\*=UTF-8''[^;]+\.pdf$/);
    expect(decodeURIComponent(disposition.split("''")[1])).toBe(`${guide.title}.pdf`);
    expect(Buffer.from(download.html).equals(MINIMAL_PDF)).toBe(true);
  });
});

describe('recovering a lost tracking code', () => {
  const recover = async (ip: string, fields: Record<string, string>) => {
    const client = new WebClient(system.baseUrl, { 'X-Forwarded-For': ip });
    const page = await client.get('/track/recover');
    return client.post('/track/recover', { _csrf: hiddenValue(page.html, '_csrf'), captcha: '', ...fields });
  };

  it('texts the codes to the request mobile, and answers the same whether or not a case exists', async () => {
    const citizen = newCitizen();
    const code = trackingCodeOf((await submit(new WebClient(system.baseUrl), citizen)).html)!;
    const sms = () =>
      db('notifications').where({ recipient: citizen.mobile }).where('dedupe_key', 'like', 'recover:%');

    const found = await recover('10.1.0.1', { nationalCode: citizen.nationalCode, mobile: citizen.mobile });
    const other = newCitizen();
    const missing = await recover('10.1.0.2', { nationalCode: other.nationalCode, mobile: other.mobile });
    const wrongMobile = await recover('10.1.0.3', {
      nationalCode: citizen.nationalCode,
      mobile: other.mobile,
    });
    expect(found.status).toBe(200);
    expect(missing.status).toBe(found.status);
    expect(wrongMobile.status).toBe(found.status);
    expect(missing.html).toBe(found.html);
    expect(wrongMobile.html).toBe(found.html);
    expect(found.html).toContain(C.recoverSent);

    const sent = await sms().select('body');
    expect(sent).toHaveLength(1);
    expect(sent[0].body).toContain(toPersianDigits(code));
    // The worker's notification relay delivers it (here through the outbox-only channel) and marks it sent.
    await eventually(
      () => sms().first('sent_at'),
      (row) => row.sent_at !== null,
    );
    expect(await db('notifications').whereIn('recipient', [other.mobile]).count({ n: '*' }).first()).toEqual({
      n: '0',
    });
  });

  it('refuses bad input with its message, and limits attempts per national code and per address (429, Persian)', async () => {
    const bad = await recover('10.2.0.1', { nationalCode: '123', mobile: '0212345678' });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('کد ملی معتبر نیست.');

    const citizen = newCitizen();
    const fields = { nationalCode: citizen.nationalCode, mobile: citizen.mobile };
    for (let i = 0; i < 3; i++) expect((await recover(`10.3.0.${i}`, fields)).status).toBe(200);
    const perCode = await recover('10.3.0.9', fields);
    expect(perCode.status).toBe(429);
    expect(perCode.html).toContain(C.recoverLimited);

    for (let i = 0; i < 20; i++) {
      const someone = newCitizen();
      expect(
        (await recover('10.4.0.1', { nationalCode: someone.nationalCode, mobile: someone.mobile })).status,
      ).toBe(200);
    }
    const perAddress = await recover('10.4.0.1', fields);
    expect(perAddress.status).toBe(429);
    expect(perAddress.html).toContain(C.recoverLimited);
    expect(perAddress.html).not.toContain(PAGE_MESSAGES.serverError);
  });
});
