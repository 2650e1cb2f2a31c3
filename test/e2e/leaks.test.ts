import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../config';
import { HAJJ_PAGE_MESSAGES } from '../../domain/hajj/copy';
import { PAGE_MESSAGES } from '../../domain/shared/copy';
import { startWeb, type RunningWeb } from '../../web/server';
import { PNG, requestForm, trackingCodeOf } from '../support/citizen';
import { newCitizen } from '../support/generators';
import { addCaravan, addDeposits } from '../support/hajj';
import { hiddenValue, WebClient } from '../support/http';
import {
  createStaffAccount,
  staffLogin,
  staffPost,
  startTestSystem,
  type StaffLogin,
  type TestSystem,
} from '../support/system';

/**
 * What the site must not tell or show to whoever asks: which usernames exist, personal pages kept
 * in a cache, words a link puts on a page, and the runtime's metrics.
 */
let system: TestSystem;
/** A second web process on the same database, as behind a load balancer; it opens /metrics by token. */
let replica: RunningWeb;
const METRICS_TOKEN = `metrics-${randomUUID()}`;

beforeAll(async () => {
  system = await startTestSystem({ LOG_LEVEL: 'silent' });
  replica = await startWeb({ ...system.config, metricsToken: METRICS_TOKEN }, system.db, {
    embedded: true,
    host: '127.0.0.1',
  });
}, 60_000);

afterAll(async () => {
  await replica?.close();
  await system?.close();
});

let addressCounter = 0;
/** A documentation address (RFC 5737) of its own, as a client behind the proxy on this machine. */
const newAddress = () => `198.51.100.${++addressCounter}`;

async function login(baseUrl: string, address: string, username: string, password: string) {
  const client = new WebClient(baseUrl, { 'x-forwarded-for': address });
  const page = await client.get('/staff/login');
  const res = await client.post('/staff/login', {
    _csrf: hiddenValue(page.html, '_csrf'),
    username,
    password,
  });
  const message = /role="alert">([^<]*)</.exec(res.html)?.[1] ?? null;
  return { status: res.status, message };
}

const failed = { status: 401, message: PAGE_MESSAGES.loginFailed };
const locked = { status: 401, message: PAGE_MESSAGES.loginLocked };

describe('staff login says nothing about which usernames exist', () => {
  it('answers a known and an unknown username alike before, at and after the lock of one address', async () => {
    const known = await createStaffAccount(system.db, 'expert', 'tehran');
    const unknown = `expert-${randomUUID().slice(0, 8)}`;
    const answers = async (username: string, address: string) => {
      const seen = [];
      for (let i = 0; i < 7; i++) seen.push(await login(system.baseUrl, address, username, 'wrong password'));
      return seen;
    };
    const attacker = newAddress();
    const knownAnswers = await answers(known.username, attacker);
    const unknownAnswers = await answers(unknown, newAddress());
    expect(knownAnswers).toEqual(unknownAnswers);
    expect(knownAnswers).toEqual([failed, failed, failed, failed, failed, locked, locked]);

    // The address that failed stays locked even with the right password; the staff member's own works.
    expect(await login(system.baseUrl, attacker, known.username, known.password)).toEqual(locked);
    expect((await login(system.baseUrl, newAddress(), known.username, known.password)).status).toBe(303);

    const audited = await system
      .db('audit_log')
      .where({ action: 'login-failed', target: known.username })
      .orderBy('id')
      .pluck('details');
    expect(audited.map((d: { locked: boolean }) => d.locked)).toEqual([
      ...Array(5).fill(false),
      ...Array(3).fill(true),
    ]);
  });

  it('locks a username tried from many addresses only briefly, on every web process alike', async () => {
    const known = await createStaffAccount(system.db, 'expert', 'tehran');
    const unknown = `expert-${randomUUID().slice(0, 8)}`;
    for (const username of [known.username, unknown])
      for (let a = 0; a < 4; a++) {
        const address = newAddress();
        for (let i = 0; i < 5; i++)
          expect(await login(system.baseUrl, address, username, 'wrong password')).toEqual(failed);
      }
    // Twenty failures in all: from a fresh address, on either process, both names are locked alike.
    const fresh = newAddress();
    for (const baseUrl of [system.baseUrl, replica.url]) {
      expect(await login(baseUrl, fresh, known.username, known.password)).toEqual(locked);
      expect(await login(baseUrl, fresh, unknown, 'any password')).toEqual(locked);
    }
    const lock = await system
      .db('login_throttle')
      .where({ username: known.username, address: '' })
      .first(system.db.raw('extract(epoch from locked_until - now()) as seconds'));
    expect(Number(lock.seconds)).toBeGreaterThan(0);
    expect(Number(lock.seconds)).toBeLessThanOrEqual(5 * 60);

    // Once those few minutes are over, the staff member gets in.
    await system
      .db('login_throttle')
      .where({ username: known.username })
      .update({ locked_until: system.db.raw(`now() - interval '1 second'`) });
    expect((await login(replica.url, fresh, known.username, known.password)).status).toBe(303);
  });
});

describe('pages with personal data are never stored', () => {
  let admin: StaffLogin;
  let citizen: WebClient;
  let pages: string[];

  beforeAll(async () => {
    admin = await staffLogin(system, 'admin', null);
    const person = newCitizen();
    citizen = new WebClient(system.baseUrl);
    const form = await citizen.get('/requests/new');
    const submitted = await citizen.post(
      '/requests',
      requestForm(form.html, person, {}, [{ name: 'scan.png', content: PNG, type: 'image/png' }]),
    );
    expect(submitted.headers.get('cache-control')).toBe('no-store');
    const code = trackingCodeOf(submitted.html)!;
    const trackPage = await citizen.get('/track');
    const result = await citizen.post('/track', {
      _csrf: hiddenValue(trackPage.html, '_csrf'),
      nationalCode: person.nationalCode,
      trackingCode: code,
      captcha: '',
    });
    expect([result.status, result.headers.get('cache-control')]).toEqual([200, 'no-store']);
    const kase = await system.db('cases').where({ tracking_code: code }).first('id');
    const attachment = await system.db('case_attachments').where({ case_id: kase.id }).first('id');

    const [deposit] = await addDeposits(system.db, 1, new Date('1998-01-01T00:00:00Z'));
    const { national_code: nationalCode } = await system
      .db('hajj_deposits')
      .where({ deposit_number: deposit })
      .first('national_code');
    const lookup = await citizen.get('/hajj');
    const proven = await citizen.post('/hajj', {
      _csrf: hiddenValue(lookup.html, '_csrf'),
      nationalCode,
      depositNumber: deposit,
    });
    expect(proven.location).toBe('/hajj/journey');

    pages = [
      '/staff/inbox',
      `/staff/inbox?q=${person.nationalCode}`,
      `/staff/cases/${code}`,
      `/staff/cases/${code}/attachments/${attachment.id}`,
      '/staff/escalations',
      '/staff/admin/staff',
      '/staff/admin/audit',
      '/staff/hajj',
      `/staff/hajj/pilgrims/${deposit}`,
      `/track/${code}`,
      `/requests/receipt/${code}`,
      '/hajj/journey',
      '/hajj/caravans?province=tehran',
      '/hajj/receipt',
    ];
  }, 60_000);

  it('sends Cache-Control: no-store with each of them', async () => {
    for (const path of pages) {
      const client = path.startsWith('/staff') ? admin.client : citizen;
      const res = await client.get(path);
      expect([path, res.headers.get('cache-control')]).toEqual([path, 'no-store']);
    }
  });

  it('leaves the public pages and static assets to caches', async () => {
    for (const path of ['/', '/hajj', '/requests/new', '/static/css/site.css']) {
      const res = await new WebClient(system.baseUrl).get(path);
      expect([path, res.status, res.headers.get('cache-control')]).not.toEqual([path, 200, 'no-store']);
      expect(res.status).toBe(200);
    }
    expect((await citizen.get('/static/css/site.css')).headers.get('cache-control')).toMatch(/max-age/);
  });
});

describe('no page shows words from its query string', () => {
  /** What a crafted link would like the page to say. */
  const crafted = 'حساب شما مسدود شد؛ برای رفع آن با پشتیبانی تماس بگیرید';

  it('the caravans page shows only the booking refusal this session received, once', async () => {
    const [deposit] = await addDeposits(system.db, 1, new Date('1997-01-01T00:00:00Z'));
    const { national_code: nationalCode } = await system
      .db('hajj_deposits')
      .where({ deposit_number: deposit })
      .first('national_code');
    const citizen = new WebClient(system.baseUrl);
    const lookup = await citizen.get('/hajj');
    await citizen.post('/hajj', {
      _csrf: hiddenValue(lookup.html, '_csrf'),
      nationalCode,
      depositNumber: deposit,
    });

    const spoofed = await citizen.get(`/hajj/caravans?province=tehran&error=${encodeURIComponent(crafted)}`);
    expect(spoofed.status).toBe(200);
    expect(spoofed.html).not.toContain(crafted);

    // A caravan to book, so its confirmation has a booking form and its token.
    const caravanId = await addCaravan(system.db);
    const confirm = await citizen.get(`/hajj/book?caravanId=${caravanId}&province=tehran`);
    const refused = await citizen.post('/hajj/book', {
      _csrf: hiddenValue(confirm.html, '_csrf'),
      caravanId: 'none',
      province: 'tehran',
    });
    expect(refused.location).toBe('/hajj/caravans?province=tehran');
    expect((await citizen.get(refused.location!)).html).toContain(HAJJ_PAGE_MESSAGES.chooseCaravan);
    expect((await citizen.get(refused.location!)).html).not.toContain(HAJJ_PAGE_MESSAGES.chooseCaravan);
  });

  it('the escalations page shows only the bulk result this session received, once', async () => {
    const supervisor = await staffLogin(system, 'supervisor', 'tehran');
    const spoofed = await supervisor.client.get(`/staff/escalations?done=${encodeURIComponent(crafted)}-0`);
    expect(spoofed.status).toBe(200);
    expect(spoofed.html).not.toContain(crafted);
    expect(spoofed.html).not.toContain('id="bulk-result"');

    const bulk = await staffPost(supervisor.client, '/staff/escalations', '/staff/escalations/assign', {
      codes: '0000000000',
      staffId: '1',
    });
    expect(bulk.location).toBe('/staff/escalations');
    const result = PAGE_MESSAGES.bulkDone('۰', '۱');
    expect((await supervisor.client.get('/staff/escalations')).html).toContain(result);
    expect((await supervisor.client.get('/staff/escalations')).html).not.toContain(result);
  });
});

describe('/metrics', () => {
  it('without a token, answers only requests from this machine', async () => {
    const local = await new WebClient(system.baseUrl).get('/metrics');
    expect(local.status).toBe(200);
    expect(local.html).toContain('http_request_duration_seconds');
    // Through a proxy on this machine, an outside client's request is an outside request.
    const outside = await new WebClient(system.baseUrl, { 'x-forwarded-for': newAddress() }).get('/metrics');
    expect(outside.status).toBe(404);
    expect(outside.html).not.toContain('http_request_duration_seconds');
  });

  it('with METRICS_TOKEN, answers only a request bearing it', async () => {
    const ask = (authorization?: string) =>
      new WebClient(replica.url, authorization ? { authorization } : {}).get('/metrics');
    for (const refused of [await ask(), await ask('Bearer wrong'), await ask(METRICS_TOKEN)]) {
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(refused.html).toContain(PAGE_MESSAGES.metricsToken);
    }
    const granted = await ask(`Bearer ${METRICS_TOKEN}`);
    expect(granted.status).toBe(200);
    expect(granted.html).toContain('http_request_duration_seconds');
  });

  it('in production without a token, is not there even for this machine', async () => {
    const production = loadConfig({
      NODE_ENV: 'production',
      PORT: '0',
      DATABASE_URL: system.config.databaseUrl,
      TEMPORAL_ADDRESS: system.config.temporal.address,
      SESSION_SECRET: randomUUID(),
      NATIONAL_CODE_HASH_KEY: randomUUID(),
      REGISTRY: 'simulated',
      OUTBOX_ONLY: 'sms,email',
      LOG_LEVEL: 'silent',
    });
    const web = await startWeb(production, system.db, { host: '127.0.0.1' });
    try {
      const res = await new WebClient(web.url).get('/metrics');
      expect(res.status).toBe(404);
      expect(res.html).not.toContain('http_request_duration_seconds');
    } finally {
      await web.close();
    }
  });
});
