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

/** The submit form as a citizen fills it: someone the registry knows, with their real birth date. */
function filledForm(page: string): FormData {
  const person = simulatedPerson(nationalCodeFromSeed(randomInt(NATIONAL_CODE_SEEDS)))!;
  const province = pick(provinceWeights, Math.random());
  const subject = pick(subjectWeights, Math.random());
  const form = new FormData();
  const fields: Record<string, string> = {
    _csrf: hiddenValue(page, '_csrf'),
    idempotencyKey: hiddenValue(page, 'idempotencyKey'),
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
    captcha: '',
  };
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('attachmentTitles', 'تصویر مدرک');
  form.append('attachments', new Blob([PNG], { type: 'image/png' }), 'receipt.png');
  return form;
}

const trackingCodeOf = (html: string) => /id="tracking-code"[^>]*data-code="(\d{10})"/.exec(html)?.[1];

/**
 * Citizens submitting the real multipart form (CAPTCHA off), each from an address of their own:
 * the form page is fetched first (session, CSRF token), then only the POST is timed.
 */
export async function submissionScenario(
  db: Db,
  webUrl: string,
  options: {
    levels: number[];
    seconds: number;
    routedWaitSeconds: number;
    log: (line: string) => void;
    probe?: () => CpuSnapshot;
  },
): Promise<SubmissionLevel[]> {
  const results: SubmissionLevel[] = [];
  for (const concurrency of options.levels) {
    const accepted: string[] = [];
    const before = options.probe?.();
    const post = await closedLoop({ concurrency, seconds: options.seconds }, async () => {
      const citizen = new BenchClient(webUrl, nextAddress());
      const page = await citizen.get('/requests/new');
      if (page.status !== 200) return false;
      const form = filledForm(page.html);
      const t0 = performance.now();
      const response = await citizen.post('/requests', form);
      const elapsed = performance.now() - t0;
      const code = response.status === 201 ? trackingCodeOf(response.html) : undefined;
      if (!code) return false;
      accepted.push(code);
      return elapsed;
    });
    const cpu = before && cpuPerOp(before, options.probe!(), post.count);
    // How long each took from its commit to 'routed', read from its own timeline.
    const deadline = Date.now() + options.routedWaitSeconds * 1000;
    let rows: { ms: number }[];
    for (;;) {
      rows = await db('cases as c')
        .join('case_events as e', function () {
          this.on('e.case_id', 'c.id').andOnVal('e.kind', 'routed');
        })
        .whereIn('c.tracking_code', accepted)
        .select(db.raw('extract(epoch from (e.at - c.created_at)) * 1000 as ms'));
      if (rows.length >= accepted.length || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const toRouted = summarize(
      rows.map((r) => Number(r.ms)),
      NaN,
    );
    options.log(
      `  submission c=${concurrency}: ${post.count} accepted (${post.perSecond.toFixed(1)}/s), p99 ${post.p99.toFixed(1)} ms; routed ${rows.length}`,
    );
    results.push({ concurrency, post, routed: rows.length, toRouted, cpu });
  }
  return results;
}
