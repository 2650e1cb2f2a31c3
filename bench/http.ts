/**
 * A browser-like client for the load scenarios: keeps its cookies (session, CSRF) and comes from an
 * address of its own, given in X-Forwarded-For (the web trusts it from loopback), so the per-address
 * rate limits see many citizens rather than one machine.
 */
export class BenchClient {
  private readonly cookies = new Map<string, string>();
  address: string;

  constructor(
    private readonly baseUrl: string,
    address: string,
  ) {
    this.address = address;
  }

  get(path: string) {
    return this.request(path, { method: 'GET' });
  }

  post(path: string, body: Record<string, string> | FormData) {
    if (body instanceof FormData) return this.request(path, { method: 'POST', body });
    return this.request(path, {
      method: 'POST',
      body: new URLSearchParams(body).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }

  private async request(path: string, init: RequestInit) {
    const response = await fetch(this.baseUrl + path, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'x-forwarded-for': this.address,
      },
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
    };
  }
}

let addresses = 0;

/** A fresh client address for every call: 10.x.y.z, never the same twice in one run. */
export function nextAddress(): string {
  const n = ++addresses;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

export function hiddenValue(html: string, name: string): string {
  const match =
    new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html) ??
    new RegExp(`value="([^"]*)"[^>]*name="${name}"`).exec(html);
  if (!match) throw new Error(`no hidden field ${name} in page`);
  return match[1];
}
