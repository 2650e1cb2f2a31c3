import type { Db } from '../../db';
import { requestFields, trackingCodeOf, type Citizen } from '../support/citizen';
import { hiddenValue } from '../support/http';

/**
 * A citizen's browser against the cluster's one port: keeps its cookies, comes from an address of
 * its own (X-Forwarded-For, so the per-address limits see many citizens), and notes which web
 * process answered each request (the proxy's X-Served-By).
 */
export class ClusterBrowser {
  private readonly cookies = new Map<string, string>();
  readonly servedBy: string[] = [];

  constructor(
    private readonly baseUrl: string,
    private readonly address: string,
  ) {}

  async request(path: string, init: { method: 'GET' | 'POST'; form?: Record<string, string> }) {
    const response = await fetch(this.baseUrl + path, {
      method: init.method,
      redirect: 'manual',
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
      headers: {
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'x-forwarded-for': this.address,
      },
      signal: AbortSignal.timeout(30_000),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair.split('=');
      this.cookies.set(name.trim(), value.join('='));
    }
    const servedBy = response.headers.get('x-served-by');
    if (servedBy) this.servedBy.push(servedBy);
    return { status: response.status, html: await response.text() };
  }

  /** The session's id, from the signed cookie `s:<id>.<signature>`. */
  sessionId(): string | undefined {
    const cookie = this.cookies.get('miz.sid');
    if (!cookie) return undefined;
    const value = decodeURIComponent(cookie);
    return value.slice(2, value.lastIndexOf('.'));
  }
}

export type Outcome =
  | { acknowledged: true; trackingCode: string; attempts: number; marker: string }
  | { acknowledged: false; attempts: number; marker: string; lastError: string };

/**
 * Submits one request as a patient citizen would: the form, its captcha, the answer. Production
 * keeps the captcha on, so its answer is read where the web keeps it, in the visitor's session
 * row. On any failure (a web or the database away, an error page) the citizen tries again from
 * the form but sends the first form's idempotency key, as a browser resubmitting would; a
 * submission that was stored while its answer was lost then returns the same case.
 */
export async function submitPatiently(
  baseUrl: string,
  address: string,
  db: Db,
  citizen: Citizen,
  marker: string,
  giveUpAfterMs = 90_000,
): Promise<Outcome & { servedBy: string[] }> {
  const browser = new ClusterBrowser(baseUrl, address);
  const deadline = Date.now() + giveUpAfterMs;
  let idempotencyKey: string | undefined;
  let attempts = 0;
  let lastError = '';
  while (Date.now() < deadline) {
    attempts += 1;
    try {
      const form = await browser.request('/requests/new', { method: 'GET' });
      if (form.status !== 200) throw new Error(`form: HTTP ${form.status}`);
      idempotencyKey ??= hiddenValue(form.html, 'idempotencyKey');
      const image = await browser.request('/captcha.svg', { method: 'GET' });
      if (image.status !== 200) throw new Error(`captcha: HTTP ${image.status}`);
      const row = await db('session').where({ sid: browser.sessionId() }).first('sess');
      const captcha = (row?.sess as { captcha?: string } | undefined)?.captcha;
      if (!captcha) throw new Error('no captcha in the session');
      const answer = await browser.request('/requests', {
        method: 'POST',
        form: requestFields(form.html, citizen, { idempotencyKey, captcha, text: marker }),
      });
      const trackingCode = trackingCodeOf(answer.html);
      if (answer.status === 201 && trackingCode)
        return { acknowledged: true, trackingCode, attempts, marker, servedBy: browser.servedBy };
      throw new Error(`submit: HTTP ${answer.status}`);
    } catch (err) {
      lastError = (err as Error).message;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  return { acknowledged: false, attempts, marker, lastError, servedBy: browser.servedBy };
}
