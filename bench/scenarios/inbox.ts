import type { Db } from '../../db';
import { samplePairs } from '../generate';
import { BenchClient, hiddenValue, nextAddress } from '../http';
import { cpuPerOp, type CpuSnapshot } from '../cpu';
import { closedLoop, type Summary } from '../stats';

export interface InboxVariant {
  name: string;
  who: string;
  query: string;
  concurrency: number;
  /** Undefined when the page cannot be reached (e.g. the route has no keyset link). */
  result?: Summary;
  note?: string;
  /** CPU ms per page of each component. */
  cpu?: CpuSnapshot;
}

async function login(webUrl: string, username: string, password: string): Promise<BenchClient> {
  const client = new BenchClient(webUrl, nextAddress());
  const page = await client.get('/staff/login');
  const response = await client.post('/staff/login', {
    _csrf: hiddenValue(page.html, '_csrf'),
    username,
    password,
  });
  if (response.status !== 303) throw new Error(`login as ${username} failed: HTTP ${response.status}`);
  return client;
}

/** The query of the page's "next" link (rel="next"), as Handlebars escaped it. */
function nextQuery(html: string): string | undefined {
  const href = /<a href="([^"]*)"[^>]*rel="next"/.exec(html)?.[1];
  if (!href || !href.includes('after')) return undefined;
  const url = href
    .replace(/&amp;/g, '&')
    .replace(/&#x3D;/g, '=')
    .replace(/&#x27;/g, "'");
  return url.slice(url.indexOf('?'));
}

/**
 * The staff inbox over HTTP, logged in as the demo admin and Tehran's supervisor: the first page,
 * a deep page reached by following the keyset "next" link, filters, and a national-code search.
 */
export async function inboxScenario(
  db: Db,
  webUrl: string,
  options: {
    password: string;
    levels: number[];
    seconds: number;
    deepPages: number;
    log: (line: string) => void;
    probe?: () => CpuSnapshot;
  },
): Promise<InboxVariant[]> {
  const users = { admin: 'admin', supervisor: 'supervisor.tehran' } as const;
  const sessions = {
    admin: await login(webUrl, users.admin, options.password),
    supervisor: await login(webUrl, users.supervisor, options.password),
  };

  // Walk the keyset links to a deep page once; the cursor then stands for "page N".
  let deepQuery: string | undefined;
  let depth = 0;
  let query = '';
  for (; depth < options.deepPages; depth++) {
    const page = await sessions.admin.get(`/staff/inbox${query}`);
    if (page.status !== 200) throw new Error(`inbox: HTTP ${page.status}`);
    const next = nextQuery(page.html);
    if (!next) break;
    query = next;
  }
  if (depth > 0) deepQuery = query;

  const nationalCodes = (await samplePairs(db, 500)).map((p) => p.nationalCode);
  const variants: {
    name: string;
    who: keyof typeof users;
    query?: string | ((i: number) => string);
    shown?: string;
    note?: string;
  }[] = [
    { name: 'first page', who: 'admin', query: '' },
    { name: 'first page', who: 'supervisor', query: '' },
    {
      name: `deep page (keyset, page ${depth + 1})`,
      who: 'admin',
      query: deepQuery,
      shown: '?…&after=<cursor>',
      note: deepQuery ? undefined : 'the inbox page has no keyset link to follow',
    },
    { name: 'filter: overdue', who: 'admin', query: '?overdue=1' },
    { name: 'filter: status answered', who: 'admin', query: '?status=answered' },
    { name: 'filter: complaints, level 1', who: 'admin', query: '?subject=complaints&level=1' },
    { name: 'filter: pool', who: 'supervisor', query: '?view=pool' },
    {
      name: 'search: national code',
      who: 'admin',
      query: (i) => `?q=${nationalCodes[i % nationalCodes.length]}`,
    },
  ];

  const results: InboxVariant[] = [];
  for (const v of variants) {
    for (const concurrency of options.levels) {
      const base = {
        name: v.name,
        who: users[v.who],
        query: v.shown ?? (typeof v.query === 'function' ? '?q=<national code>' : (v.query ?? '')),
        concurrency,
      };
      if (v.query === undefined) {
        results.push({ ...base, note: v.note });
        continue;
      }
      const client = sessions[v.who];
      const q = v.query;
      const before = options.probe?.();
      const result = await closedLoop({ concurrency, seconds: options.seconds }, async (_c, i) => {
        const page = await client.get(`/staff/inbox${typeof q === 'function' ? q(i) : q}`);
        return page.status === 200;
      });
      options.log(
        `  inbox ${v.name} (${base.who}) c=${concurrency}: ${result.perSecond.toFixed(0)}/s, p99 ${result.p99.toFixed(1)} ms`,
      );
      results.push({ ...base, result, cpu: before && cpuPerOp(before, options.probe!(), result.count) });
    }
  }
  return results;
}
