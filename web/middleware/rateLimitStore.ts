import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import type { Db } from '../../db';
import {
  countHit,
  hitsOf,
  pruneEndedWindows,
  resetHits,
  uncountHit,
} from '../../db/queries/shared/rateLimits';

/**
 * express-rate-limit's counters in PostgreSQL (db/queries/shared/rateLimits.ts), so every web
 * replica counts the same hits: one row per limit and client, a fixed window from the first hit.
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
    const hits = await hitsOf(this.db, this.prefix + key);
    return hits && { totalHits: hits.hits, resetTime: hits.resetAt };
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    await this.pruneWhenDue();
    const hits = await countHit(this.db, this.prefix + key, this.windowMs / 1000);
    return { totalHits: hits.hits, resetTime: hits.resetAt };
  }

  async decrement(key: string): Promise<void> {
    await uncountHit(this.db, this.prefix + key);
  }

  async resetKey(key: string): Promise<void> {
    await resetHits(this.db, this.prefix + key);
  }

  /** The ended windows are cleared once a window. */
  private async pruneWhenDue(): Promise<void> {
    if (Date.now() - this.prunedAt < this.windowMs) return;
    this.prunedAt = Date.now();
    await pruneEndedWindows(this.db);
  }
}
