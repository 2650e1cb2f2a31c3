import type { Db } from '../..';

/**
 * The rate limits' counters (`rate_limit_hits`), one row per limit and client: a fixed window from
 * the first hit, shared by every web replica. Each hit is one atomic upsert, so replicas counting at
 * once never lose a hit.
 */
export interface Hits {
  hits: number;
  resetAt: Date;
}

/** The key's hits in its running window; undefined when it has none running. */
export async function hitsOf(db: Db, key: string): Promise<Hits | undefined> {
  const row = await db('rate_limit_hits')
    .where({ key })
    .where('reset_at', '>', db.fn.now())
    .first('hits', 'reset_at');
  return row && { hits: row.hits, resetAt: row.reset_at };
}

/** Counts one hit: in the running window, or the first of a new one of `windowSeconds`. */
export async function countHit(db: Db, key: string, windowSeconds: number): Promise<Hits> {
  const { rows } = await db.raw(
    `insert into rate_limit_hits (key, hits, reset_at)
     values (?, 1, now() + make_interval(secs => ?))
     on conflict (key) do update set
       hits = case when rate_limit_hits.reset_at <= now() then 1 else rate_limit_hits.hits + 1 end,
       reset_at = case when rate_limit_hits.reset_at <= now() then excluded.reset_at
                       else rate_limit_hits.reset_at end
     returning hits, reset_at`,
    [key, windowSeconds],
  );
  return { hits: rows[0].hits, resetAt: rows[0].reset_at };
}

/** Takes one hit back (a request the limit should not count), never below zero. */
export async function uncountHit(db: Db, key: string): Promise<void> {
  await db('rate_limit_hits').where({ key }).where('hits', '>', 0).decrement('hits', 1);
}

export async function resetHits(db: Db, key: string): Promise<void> {
  await db('rate_limit_hits').where({ key }).del();
}

/** Clients that stopped coming leave a row behind: clears the windows that have ended. */
export async function pruneEndedWindows(db: Db): Promise<void> {
  await db('rate_limit_hits').where('reset_at', '<', db.fn.now()).del();
}
