import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import type { Db } from '../../db';

/**
 * express-rate-limit's counters in PostgreSQL, so every web replica counts the same hits: one row
 * per limit and client, a fixed window from the first hit. Each hit is one atomic upsert, so
 * replicas counting at once never lose a hit.
 */
export class PgRateLimitStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;
  private prunedAt = Date.now();

  constructor(
    private readonly db: Db,
    /** Tells the limits apart in the one table; the same in every replica. */
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const row = await this.db('rate_limit_hits')
      .where({ key: this.prefix + key })
      .where('reset_at', '>', this.db.fn.now())
      .first('hits', 'reset_at');
    return row && { totalHits: row.hits, resetTime: row.reset_at };
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    await this.pruneWhenDue();
    const { rows } = await this.db.raw(
      `insert into rate_limit_hits (key, hits, reset_at)
       values (?, 1, now() + make_interval(secs => ?))
       on conflict (key) do update set
         hits = case when rate_limit_hits.reset_at <= now() then 1 else rate_limit_hits.hits + 1 end,
         reset_at = case when rate_limit_hits.reset_at <= now() then excluded.reset_at
                         else rate_limit_hits.reset_at end
       returning hits, reset_at`,
      [this.prefix + key, this.windowMs / 1000],
    );
    return { totalHits: rows[0].hits, resetTime: rows[0].reset_at };
  }

  async decrement(key: string): Promise<void> {
    await this.db('rate_limit_hits')
      .where({ key: this.prefix + key })
      .where('hits', '>', 0)
      .decrement('hits', 1);
  }

  async resetKey(key: string): Promise<void> {
    await this.db('rate_limit_hits')
      .where({ key: this.prefix + key })
      .del();
  }

  /** Clients that stopped coming leave a row behind: clear the ended windows once a window. */
  private async pruneWhenDue(): Promise<void> {
    if (Date.now() - this.prunedAt < this.windowMs) return;
    this.prunedAt = Date.now();
    await this.db('rate_limit_hits').where('reset_at', '<', this.db.fn.now()).del();
  }
}
