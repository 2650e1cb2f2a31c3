/**
 * A tiny HTTP client for tests that keeps cookies like a browser and reads the CSRF token and
 * other values out of the server-rendered pages.
 */
export class WebClient {
  /** `headers` go with every request, e.g. X-Forwarded-For to come from another address. */
  constructor(
    private readonly baseUrl: string,
    private readonly headers: Record<string, string> = {},
    private readonly cookies = new Map<string, string>(),
  ) {}

  /** The same browser at another port of this host (another web replica): its cookies go along. */
  at(baseUrl: string): WebClient {
    return new WebClient(baseUrl, this.headers, this.cookies);
  }

  async get(path: string) {
    return this.request(path, { method: 'GET' });
  }

  /** A form's fields; URLSearchParams for a field sent more than once (ticked checkboxes). */
  async post(path: string, body: Record<string, string> | URLSearchParams | FormData) {
    const init: RequestInit = { method: 'POST' };
    if (body instanceof FormData) init.body = body;
    else {
      init.body = new URLSearchParams(body).toString();
      init.headers = { 'content-type': 'application/x-www-form-urlencoded' };
    }
    return this.request(path, init);
  }

  /** A body exactly as given, for requests no browser would send (a cut multipart body). */
  async postRaw(path: string, body: Buffer, contentType: string) {
    return this.request(path, { method: 'POST', body, headers: { 'content-type': contentType } });
  }

  private async request(path: string, init: RequestInit) {
    const response = await fetch(this.baseUrl + path, {
      ...init,
      redirect: 'manual',
      headers: { ...this.headers, ...(init.headers as Record<string, string>), cookie: this.cookieHeader() },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair.split('=');
      this.cookies.set(name.trim(), value.join('='));
    }
    return {
      status: response.status,
      html: await response.text(),
      location: response.headers.get('location'),
      headers: response.headers,
    };
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** The value of the hidden input `name` in a page. */
export function hiddenValue(html: string, name: string): string {
  const match =
    new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html) ??
    new RegExp(`value="([^"]*)"[^>]*name="${name}"`).exec(html);
  if (!match) throw new Error(`no hidden field ${name} in page`);
  return match[1];
}

/** Polls until `read` gives a value `ok` accepts, or fails after `timeoutMs`. */
export async function eventually<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not reached in ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
