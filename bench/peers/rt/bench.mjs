#!/usr/bin/env node
// Bounded, loopback-only load scenarios against Request Tracker 5's REST 2 API.
// Node 20+, no npm packages (global fetch only).
//
//   node bench.mjs BASE_URL USER PASSWORD [--auth cookie|basic] [--cap-s 120] [--scale 1]
//                  [--json out.json] [--only create-c1,fetch-c16,...] [--warmup 20]
//   node bench.mjs http://127.0.0.1:8088/rt root password
//
// BASE_URL is RT's web root (WebBaseURL + WebPath), e.g. http://127.0.0.1:8088/rt.
// Scenarios (counts x --scale):
//   create-c1    500 ticket creates, 1 client        (Persian subject, ~300-char Persian body,
//   create-c16   500 ticket creates, 16 clients        a requestor email and a TrackingCode CF)
//   fetch-c16   2000 GET /ticket/:id of random tickets created above, 16 clients
//   search-c4    200 TicketSQL searches by requestor email, 4 clients
//   cfsearch-c4  200 TicketSQL searches by CF.{TrackingCode} (extra: "track my case"), 4 clients
// Every scenario stops at its count or after --cap-s seconds (default 120), whichever is first;
// in-flight requests are aborted at the cap, each request also times out after 30 s, and a
// process-wide timer exits the program if the whole run overstays ((scenarios + 2) x cap + 60 s).
// Before the measured scenarios: 20 unmeasured creates and 20 fetches (--warmup 0 to skip).
//
// Added for our repository's bench (bench/peers/rt.ts, `npm run bench -- --peer rt`), so RT runs at
// our own levels: --create-levels 1,16,64 --fetch-levels 1,16 --search-levels 1,8
// --cfsearch-levels 1,16 replace the fixed concurrencies above (scenarios create-c<n>,
// fetch-c<n>, search-c<n>, cfsearch-c<n>), and --seconds N runs every scenario for N seconds
// instead of to its count (the count is then unbounded; requests still in flight at the end are
// aborted and not counted). Without these options it runs as before.
//
// Auth: RT checks basic-auth passwords and auth tokens with bcrypt (cost 12) on every request,
// which costs ~0.2 s of CPU per request here. The default, --auth cookie, logs each virtual
// client in once (POST /NoAuth/Login.html) and then sends its RT session cookie, as a browser
// would; --auth basic sends the Authorization header on every request instead.

const argv = process.argv.slice(2);
const positional = [];
const opts = {
  auth: 'cookie', 'cap-s': '120', scale: '1', json: '', only: '', warmup: '20',
  'create-levels': '', 'fetch-levels': '', 'search-levels': '', 'cfsearch-levels': '', seconds: '',
};
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a.startsWith('--')) {
    const [k, v] = a.slice(2).split('=', 2);
    if (!(k in opts)) die(`unknown option --${k}`);
    opts[k] = v !== undefined ? v : argv[++i];
  } else positional.push(a);
}
if (positional.length < 3) die('usage: node bench.mjs BASE_URL USER PASSWORD [--auth cookie|basic] [--cap-s 120] [--scale 1] [--json file] [--only a,b] [--warmup 20]');
const [BASE_RAW, USER, PASS] = positional;
const BASE = BASE_RAW.replace(/\/+$/, '');
const API = `${BASE}/REST/2.0`;
const CAP_MS = Math.max(1, Number(opts['cap-s'])) * 1000;
const TIMED = opts.seconds !== '';
// a timed scenario's length; the warm-up and the seed keep their counts and CAP_MS
const TIMED_MS = TIMED ? Math.max(1, Number(opts.seconds)) * 1000 : CAP_MS;
const SCALE = Math.max(0.001, Number(opts.scale));
const REQ_TIMEOUT_MS = 30_000;
if (!['cookie', 'basic'].includes(opts.auth)) die('--auth must be cookie or basic');

// loopback only: refuse anything else before sending a single byte
{
  const host = new URL(BASE).hostname.replace(/^\[|\]$/g, '');
  const ok = host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
  if (!ok) die(`refusing non-loopback target ${host}: this benchmark only talks to 127.0.0.0/8, ::1 or localhost`);
}

function die(msg) { console.error(msg); process.exit(2); }

// ---------------------------------------------------------------------------- auth
const basicHeader = 'Basic ' + Buffer.from(`${USER}:${PASS}`).toString('base64');

async function login() {
  // RT accepts user/pass on its login page and answers with a session cookie RT_SID_<name>.<port>
  const res = await fetch(`${BASE}/NoAuth/Login.html`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ user: USER, pass: PASS }),
    signal: AbortSignal.timeout(REQ_TIMEOUT_MS),
  });
  await res.arrayBuffer();
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]).filter((c) => c.startsWith('RT_SID_'));
  if (!cookies.length) throw new Error(`login gave no RT_SID cookie (HTTP ${res.status})`);
  const cookie = cookies[cookies.length - 1];
  const check = await fetch(`${API}/rt`, { headers: { cookie }, redirect: 'manual', signal: AbortSignal.timeout(REQ_TIMEOUT_MS) });
  await check.arrayBuffer();
  if (check.status !== 200) throw new Error(`cookie not accepted by REST 2 (HTTP ${check.status}); wrong password?`);
  return { cookie };
}

async function makeClients(n) {
  if (opts.auth === 'basic') return Array.from({ length: n }, () => ({ authorization: basicHeader }));
  const out = [];
  for (let i = 0; i < n; i++) out.push(await login()); // one RT session per virtual client
  return out;
}

// ---------------------------------------------------------------------------- data
const RUN = Date.now().toString(36).slice(-6).toUpperCase(); // keeps emails/codes unique per run
const EMAILS = Array.from({ length: 100 }, (_, i) => `citizen-${RUN.toLowerCase()}-${i}@example.test`);
const SUBJECTS = [
  'درخواست تعمیر چراغ روشنایی خیابان آزادی، کوچه',
  'شکایت از جمع‌آوری نشدن زباله در محله',
  'درخواست ترمیم آسفالت معبر فرعی پلاک',
  'گزارش نشت آب از لوله شبکه شهری جنب ساختمان',
];
const BODY = 'با سلام و احترام؛ چراغ روشنایی تیر برق در کوچه دوازدهم خیابان آزادی از دو هفته پیش خاموش است و شب‌ها '
  + 'عبور و مرور عابران پیاده، به‌ویژه کودکان و سالمندان، با خطر همراه شده است. خواهشمند است دستور فرمایید '
  + 'کارشناسان محترم در اسرع وقت بازدید و نسبت به تعمیر یا تعویض لامپ اقدام نمایند. پیشاپیش از همکاری شما سپاسگزارم.';
const faDigits = (n) => String(n).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[d]);
let seq = 0;
const created = []; // { id, email, code }

function ticketPayload() {
  const n = seq++;
  const email = EMAILS[n % EMAILS.length];
  const code = `T${RUN}${String(n).padStart(4, '0')}`; // 11 chars
  const body = `${BODY} (شماره پیگیری ${code}، درخواست ${faDigits(n + 1)})`;
  return {
    meta: { email, code },
    json: {
      Queue: 'General',
      Subject: `${SUBJECTS[n % SUBJECTS.length]} ${faDigits((n % 97) + 1)}`,
      Requestor: email,
      ContentType: 'text/plain',
      Content: body,
      CustomFields: { TrackingCode: code },
    },
  };
}

// ---------------------------------------------------------------------------- harness
async function call(client, method, path, body, signal) {
  const headers = { accept: 'application/json' };
  // RT 5.0.3+dfsg-3~deb12u7 checks the Referer of cookie-authenticated REST 2 writes (CSRF), as its
  // own web UI's requests carry one.
  if (client.cookie) { headers.cookie = client.cookie; headers.referer = `${BASE.replace(/\/$/, '')}/`; }
  if (client.authorization) headers.authorization = client.authorization;
  if (body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
  const res = await fetch(`${API}${path}`, {
    method, headers, redirect: 'manual',
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.any([signal, AbortSignal.timeout(REQ_TIMEOUT_MS)]),
  });
  const text = await res.text();
  let data = null;
  try { data = JSON.parse(text); } catch { /* non-JSON error page */ }
  return { status: res.status, data, text };
}

function pct(sorted, p) {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length); // nearest-rank
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

// runs `count` operations with `conc` workers until done or the cap; op(client, i, signal) -> throws on failure
async function scenario(name, count, conc, clients, op, timed = false) {
  count = timed ? Infinity : Math.max(1, Math.round(count * SCALE));
  // timed: no new request after TIMED_MS, but those in flight finish and count (as a closed loop of
  // our bench does), so RT is not left working through aborted requests when the next scenario starts
  const capMs = timed ? TIMED_MS : CAP_MS;
  const ac = new AbortController();
  const capTimer = timed ? undefined : setTimeout(() => ac.abort(new Error('scenario cap reached')), capMs);
  const lat = [];
  const errors = {};
  let issued = 0;
  const t0 = performance.now();
  const deadline = t0 + capMs;
  async function worker(w) {
    const client = clients[w % clients.length];
    while (issued < count && performance.now() < deadline && !ac.signal.aborted) {
      const i = issued++;
      const s = performance.now();
      try {
        await op(client, i, ac.signal);
        lat.push(performance.now() - s);
      } catch (e) {
        if (ac.signal.aborted) break; // cut off by the cap: not counted either way
        const key = String(e?.message || e).slice(0, 120);
        errors[key] = (errors[key] || 0) + 1;
      }
    }
  }
  await Promise.all(Array.from({ length: conc }, (_, w) => worker(w)));
  clearTimeout(capTimer);
  const wall = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  const nerr = Object.values(errors).reduce((a, b) => a + b, 0);
  const r = {
    name, target: count, concurrency: conc, ok: lat.length, errors: nerr, errorKinds: errors,
    capped: !timed && lat.length + nerr < count, wall_s: wall, rps: lat.length / wall,
    p50: pct(lat, 50), p95: pct(lat, 95), p99: pct(lat, 99), max: lat.at(-1) ?? NaN,
  };
  console.error(`  ${name}: ${r.ok}/${count} ok, ${nerr} errors, ${wall.toFixed(1)} s${r.capped ? ' (CAPPED)' : ''}`);
  if (nerr) console.error('    errors:', JSON.stringify(errors));
  return r;
}

// ---------------------------------------------------------------------------- operations
async function createOp(client, _i, signal) {
  const { meta, json } = ticketPayload();
  const r = await call(client, 'POST', '/ticket', json, signal);
  if (r.status !== 201 || !r.data?.id) throw new Error(`create HTTP ${r.status} ${r.text.slice(0, 80)}`);
  created.push({ id: Number(r.data.id), ...meta });
}

async function fetchOp(client, _i, signal) {
  const t = created[Math.floor(Math.random() * created.length)];
  const r = await call(client, 'GET', `/ticket/${t.id}`, undefined, signal);
  if (r.status !== 200 || Number(r.data?.id) !== t.id) throw new Error(`fetch HTTP ${r.status}`);
}

function searchOp(kind) {
  return async (client, i, signal) => {
    const t = created[Math.floor(Math.random() * created.length)];
    const query = kind === 'email'
      ? `Requestor.EmailAddress = '${t.email}'`
      : `'CF.{TrackingCode}' = '${t.code}'`;
    const qs = new URLSearchParams({ query, fields: 'Subject,Status,Created', per_page: '20', orderby: 'id', order: 'DESC' });
    const r = await call(client, 'GET', `/tickets?${qs}`, undefined, signal);
    if (r.status !== 200) throw new Error(`search HTTP ${r.status}`);
    // the ticket picked must be in the answer (the page holds the newest 20; ~10 per email here)
    const found = r.data?.items?.some((it) => Number(it.id) === t.id && it.Subject);
    if (!found && !(kind === 'email' && r.data?.total > 20)) throw new Error(`search missed ticket ${t.id} for ${query}`);
  };
}

// ---------------------------------------------------------------------------- main
const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '–');
const levelsOf = (key, fixed) => (opts[key] ? opts[key].split(',').map(Number) : [fixed]);
const LEVELS = {
  create: opts['create-levels'] ? levelsOf('create-levels') : [1, 16],
  fetch: levelsOf('fetch-levels', 16),
  search: levelsOf('search-levels', 4),
  cfsearch: levelsOf('cfsearch-levels', 4),
};
for (const list of Object.values(LEVELS)) if (list.some((n) => !(n >= 1))) die('levels are whole numbers ≥ 1');
const ALL = Object.entries(LEVELS).flatMap(([kind, list]) => list.map((n) => `${kind}-c${n}`));
const only = opts.only ? opts.only.split(',') : ALL;
for (const o of only) if (!ALL.includes(o)) die(`unknown scenario ${o}; known: ${ALL.join(',')}`);

// one RT session per virtual client, as many as the highest level; each login is a bcrypt check
// (~0.25 s of CPU), so the budget gets 2 s per client on top
const CLIENTS = Math.max(16, ...only.map((o) => Number(o.split('-c')[1])));
const hardStop = setTimeout(() => {
  console.error('hard stop: whole run exceeded its time budget');
  process.exit(3);
}, (only.length * TIMED_MS) + (3 * CAP_MS) + 60_000 + CLIENTS * 2000);
hardStop.unref();

const startedAt = new Date();
console.error(`RT bench ${startedAt.toISOString()} target ${API} auth=${opts.auth} cap=${CAP_MS / 1000}s scale=${SCALE} run=${RUN}`);
const clients = await makeClients(CLIENTS);
const info = await call(clients[0], 'GET', '/rt', undefined, AbortSignal.timeout(REQ_TIMEOUT_MS));
const rtVersion = info.data?.Version ?? '?';
// unmeasured warm-up: a few creates and fetches so that the first measured requests do not pay
// for cold worker caches alone (Starlet recycles each worker after 100 requests anyway)
const WARM = Math.max(0, Number(opts.warmup));
if (WARM) {
  await scenario('warm-up create', WARM / SCALE, 4, clients, createOp);
  await scenario('warm-up fetch', WARM / SCALE, 4, clients, fetchOp);
}
const COUNTS = { create: 500, fetch: 2000, search: 200, cfsearch: 200 };
const OPS = { create: createOp, fetch: fetchOp, search: searchOp('email'), cfsearch: searchOp('cf') };
const results = [];
for (const name of ALL.filter((n) => n.startsWith('create-') && only.includes(n))) {
  const c = Number(name.split('-c')[1]);
  results.push(await scenario(name, COUNTS.create, c, clients, OPS.create, TIMED));
}
if (!created.length) {
  // fetch/search need tickets from this run; make a few if the create scenarios were skipped
  await scenario('seed', 50 / SCALE, 4, clients, createOp);
}
if (!created.length) die('no ticket could be created: nothing to fetch or search (see the errors above)');
for (const name of ALL.filter((n) => !n.startsWith('create-') && only.includes(n))) {
  const [kind, c] = name.split('-c');
  results.push(await scenario(name, COUNTS[kind], Number(c), clients, OPS[kind], TIMED));
}

const LABEL = {
  create: 'create ticket',
  fetch: 'fetch random ticket by id',
  search: 'search by requestor email (TicketSQL)',
  cfsearch: 'search by CF TrackingCode (TicketSQL)',
};
const label = Object.fromEntries(
  ALL.map((n) => {
    const [kind, c] = n.split('-c');
    return [n, `${LABEL[kind]}, ${c} client${c === '1' ? '' : 's'}`];
  }),
);
const lines = [
  `RT ${rtVersion} REST 2 at ${API}, auth=${opts.auth}, ${startedAt.toISOString()}, node ${process.version}, cap ${CAP_MS / 1000} s/scenario`,
  '',
  '| scenario | ok / target | errors | wall s | throughput /s | p50 ms | p95 ms | p99 ms | max ms |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...results.map((r) => `| ${label[r.name]} | ${r.ok} / ${r.target}${r.capped ? ' (capped)' : ''} | ${r.errors} | ${fmt(r.wall_s)} | ${fmt(r.rps, 1)} | ${fmt(r.p50, 0)} | ${fmt(r.p95, 0)} | ${fmt(r.p99, 0)} | ${fmt(r.max, 0)} |`),
];
console.log(lines.join('\n'));
if (opts.json) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(opts.json, JSON.stringify({ startedAt, api: API, auth: opts.auth, rtVersion, node: process.version, capS: CAP_MS / 1000, scale: SCALE, run: RUN, results }, null, 2));
}
process.exit(results.some((r) => r.errors) ? 1 : 0);
