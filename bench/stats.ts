/** Latency samples in milliseconds and what the report says of them. */
export interface Summary {
  count: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export function summarize(samples: number[], seconds: number, errors = 0): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: samples.length,
    errors,
    seconds,
    perSecond: seconds > 0 ? samples.length / seconds : NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
}

/**
 * A closed loop: `concurrency` clients each run `once` back to back until `seconds` have passed (or
 * `maxCount` calls were made). A call that throws or returns false counts as an error, not a sample;
 * one that returns a number gives its own latency (the part of it that is measured).
 */
export async function closedLoop(
  options: { concurrency: number; seconds: number; maxCount?: number },
  once: (client: number, i: number) => Promise<boolean | number>,
): Promise<Summary> {
  const samples: number[] = [];
  let errors = 0;
  let issued = 0;
  const started = performance.now();
  const until = started + options.seconds * 1000;
  const max = options.maxCount ?? Infinity;
  let firstError: unknown;
  await Promise.all(
    Array.from({ length: options.concurrency }, async (_, client) => {
      while (performance.now() < until && issued < max) {
        const i = issued++;
        const t0 = performance.now();
        try {
          const result = await once(client, i);
          if (result === false) errors++;
          else samples.push(typeof result === 'number' ? result : performance.now() - t0);
        } catch (err) {
          firstError ??= err;
          errors++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  if (errors > 0 && samples.length === 0) throw new Error(`every call failed: ${String(firstError)}`);
  return summarize(samples, seconds, errors);
}

export const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 2 : 1) : 'n/a');
export const rate = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 2 : 0) : 'n/a');
