import { randomInt } from 'node:crypto';
import { simulatedPerson } from '../../activities/integrations/registry/simulated';
import type { Db } from '../../db';
import { toPersianDigits } from '../../domain/shared/digits';
import { nationalCodeFromSeed, NATIONAL_CODE_SEEDS } from '../../domain/shared/nationalCode';
import { pick, provinceWeights, REQUEST_TEXTS, subjectWeights } from '../data';
import { BenchClient, hiddenValue, nextAddress } from '../http';
import { cpuPerOp, type CpuSnapshot } from '../cpu';
import { closedLoop, summarize, type Summary } from '../stats';

// A 1×1 PNG: real image bytes, so the content check accepts it.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export interface SubmissionLevel {
  concurrency: number;
  post: Summary;
  /** Of the accepted, how many reached 'routed' within the wait, and how long it took them. */
  routed: number;
  toRouted: Summary;
  /** CPU ms per accepted submission of each component, its form page and its workflow's start included. */
  cpu?: CpuSnapshot;
}

/** A request as a citizen fills it: someone the registry knows, with their real birth date. */
function newRequest() {
  const person = simulatedPerson(nationalCodeFromSeed(randomInt(NATIONAL_CODE_SEEDS)))!;
  const province = pick(provinceWeights, Math.random());
  const subject = pick(subjectWeights, Math.random());
  return {
    birthDate: toPersianDigits(person.birthDate),
    nationalCode: person.nationalCode,
    province: province.slug,
    email: 'citizen@example.ir',
    mobile: `0912${String(randomInt(10_000_000)).padStart(7, '0')}`,
    areaCode: province.areaCode,
    phone: '22334455',
    subject: subject.slug,
    subSubject: subject.children[randomInt(subject.children.length)],
    text: REQUEST_TEXTS[randomInt(REQUEST_TEXTS.length)],
  };
}

function multipart(fields: Record<string, string>, fileField: string, titleField?: string): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (titleField) form.append(titleField, 'تصویر مدرک');
  form.append(fileField, new Blob([PNG], { type: 'image/png' }), 'receipt.png');
  return form;
}

/** The submit form filled in, with the page's tokens. */
function filledForm(page: string): FormData {
  const fields = {
    _csrf: hiddenValue(page, '_csrf'),
    idempotencyKey: hiddenValue(page, 'idempotencyKey'),
    ...newRequest(),
    captcha: '',
  };
  return multipart(fields, 'attachments', 'attachmentTitles');
}

/** The same request in Open311's fields, the file in `media`. */
function open311Request(): FormData {
  const r = newRequest();
  return multipart(
    {
      service_code: `${r.subject}.${r.subSubject}`,
      description: r.text,
      phone: r.mobile,
      email: r.email,
      'attribute[national_code]': r.nationalCode,
      'attribute[birth_date]': r.birthDate,
      'attribute[province]': r.province,
      'attribute[area_code]': r.areaCode,
      'attribute[landline]': r.phone,
    },
    'media',
  );
}

const trackingCodeOf = (html: string) => /id="tracking-code"[^>]*data-code="(\d{10})"/.exec(html)?.[1];

interface LevelOptions {
  levels: number[];
  seconds: number;
  routedWaitSeconds: number;
  log: (line: string) => void;
  probe?: () => CpuSnapshot;
}

/**
 * Each concurrency level in turn: `create` makes one request and answers the tracking code with the
 * milliseconds it timed (or false); then how long the accepted cases took to be routed.
 */
async function createLevels(
  db: Db,
  label: string,
  options: LevelOptions,
  create: () => Promise<{ code: string; elapsed: number } | false>,
): Promise<SubmissionLevel[]> {
  const results: SubmissionLevel[] = [];
  for (const concurrency of options.levels) {
    const accepted: string[] = [];
    const before = options.probe?.();
    const post = await closedLoop({ concurrency, seconds: options.seconds }, async () => {
      const created = await create();
      if (!created) return false;
      accepted.push(created.code);
      return created.elapsed;
    });
    const cpu = before && cpuPerOp(before, options.probe!(), post.count);
    const toRouted = await routedTimes(db, accepted, options.routedWaitSeconds);
    options.log(
      `  ${label} c=${concurrency}: ${post.count} accepted (${post.perSecond.toFixed(1)}/s), p99 ${post.p99.toFixed(1)} ms; routed ${toRouted.count}`,
    );
    results.push({ concurrency, post, routed: toRouted.count, toRouted, cpu });
  }
  return results;
}

/**
 * Citizens submitting the real multipart form (CAPTCHA off), each from an address of their own:
 * the form page is fetched first (session, CSRF token), then only the POST is timed.
 */
export function submissionScenario(
  db: Db,
  webUrl: string,
  options: LevelOptions,
): Promise<SubmissionLevel[]> {
  return createLevels(db, 'submission', options, () => submitForm(webUrl));
}

/**
 * One citizen's submission through the form: its page (not timed), then the POST, timed; the
 * tracking code of the accepted case, or false.
 */
export async function submitForm(webUrl: string): Promise<{ code: string; elapsed: number } | false> {
  const citizen = new BenchClient(webUrl, nextAddress());
  const page = await citizen.get('/requests/new');
  if (page.status !== 200) return false;
  const form = filledForm(page.html);
  const t0 = performance.now();
  const response = await citizen.post('/requests', form);
  const elapsed = performance.now() - t0;
  const code = response.status === 201 ? trackingCodeOf(response.html) : undefined;
  return code ? { code, elapsed } : false;
}

/**
 * Of the given cases, those routed so far, with the time from their commit to their `routed`
 * event (both PostgreSQL's clock), read from each case's own timeline.
 */
export async function routedSoFar(db: Db, codes: string[]): Promise<{ code: string; ms: number }[]> {
  if (codes.length === 0) return [];
  const rows: { code: string; ms: string }[] = await db('cases as c')
    .join('case_events as e', function () {
      this.on('e.case_id', 'c.id').andOnVal('e.kind', 'routed');
    })
    .whereIn('c.tracking_code', codes)
    .select('c.tracking_code as code', db.raw('extract(epoch from (e.at - c.created_at)) * 1000 as ms'));
  return rows.map((r) => ({ code: r.code, ms: Number(r.ms) }));
}

/** How long each accepted case took from its commit to 'routed', waiting up to `waitSeconds`. */
async function routedTimes(db: Db, accepted: string[], waitSeconds: number): Promise<Summary> {
  const deadline = Date.now() + waitSeconds * 1000;
  let rows: { ms: number }[];
  for (;;) {
    rows = await routedSoFar(db, accepted);
    if (rows.length >= accepted.length || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return summarize(
    rows.map((r) => r.ms),
    NaN,
  );
}

/**
 * The same requests through the Open311 API (multipart, one PNG, an integrator's key whose limit
 * the run does not reach): no form page, no session, no captcha; only the POST is timed.
 */
export function open311Scenario(
  db: Db,
  webUrl: string,
  options: LevelOptions & { apiKey: string },
): Promise<SubmissionLevel[]> {
  return createLevels(db, 'open311 create', options, async () => {
    const body = open311Request();
    const t0 = performance.now();
    const response = await fetch(`${webUrl}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'x-api-key': options.apiKey },
      body,
    });
    const answer = (await response.json()) as { service_request_id?: string }[];
    const elapsed = performance.now() - t0;
    const code = response.status === 201 ? answer[0]?.service_request_id : undefined;
    return code ? { code, elapsed } : false;
  });
}
