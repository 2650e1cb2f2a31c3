import type { Db } from '../../db';
import { nationalCodeFromSeed } from '../../domain/shared/nationalCode';
import { generatedTrackingCode, samplePairs } from '../generate';
import { BenchClient, hiddenValue, nextAddress } from '../http';
import { cpuPerOp, type CpuSnapshot } from '../cpu';
import { closedLoop, type Summary } from '../stats';

export interface TrackingLevel {
  kind: 'found' | 'not found';
  concurrency: number;
  result: Summary;
  /** CPU ms per request of each component. */
  cpu?: CpuSnapshot;
}

/** Below the track form's limit per address (60 in 10 minutes), then the client moves on. */
const REQUESTS_PER_ADDRESS = 50;

/**
 * POST /track as citizens do (CAPTCHA off): pairs that exist, and pairs that do not (half a real
 * code with someone else's national code, half an unknown code), which must answer alike.
 */
export async function trackingScenario(
  db: Db,
  webUrl: string,
  options: {
    levels: number[];
    seconds: number;
    generated: number;
    log: (line: string) => void;
    probe?: () => CpuSnapshot;
  },
): Promise<TrackingLevel[]> {
  const found = await samplePairs(db, 2000);
  const missing = found.map((pair, i) => ({
    trackingCode: i % 2 === 0 ? pair.trackingCode : generatedTrackingCode(options.generated + 10_000_000 + i),
    nationalCode: nationalCodeFromSeed(900_000_000 + i),
  }));
  const results: TrackingLevel[] = [];
  for (const [kind, pairs, expected] of [
    ['found', found, 200],
    ['not found', missing, 404],
  ] as const) {
    for (const concurrency of options.levels) {
      const clients = await Promise.all(
        Array.from({ length: concurrency }, async () => {
          const client = new BenchClient(webUrl, nextAddress());
          const page = await client.get('/track');
          return { client, token: hiddenValue(page.html, '_csrf'), used: 0 };
        }),
      );
      const before = options.probe?.();
      const result = await closedLoop({ concurrency, seconds: options.seconds }, async (c, i) => {
        const slot = clients[c];
        if (++slot.used % REQUESTS_PER_ADDRESS === 0) slot.client.address = nextAddress();
        const pair = pairs[i % pairs.length];
        const response = await slot.client.post('/track', {
          _csrf: slot.token,
          nationalCode: pair.nationalCode,
          trackingCode: pair.trackingCode,
          captcha: '',
        });
        return response.status === expected;
      });
      options.log(
        `  tracking ${kind} c=${concurrency}: ${result.perSecond.toFixed(0)}/s, p99 ${result.p99.toFixed(1)} ms, errors ${result.errors}`,
      );
      const cpu = before && cpuPerOp(before, options.probe!(), result.count);
      results.push({ kind, concurrency, result, cpu });
    }
  }
  return results;
}
