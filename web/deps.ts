import type { Client } from '@temporalio/client';
import type { Store } from 'express-session';
import type { Logger } from 'pino';
import type { CivilRegistry } from '../activities/integrations/registry';
import type { Config } from '../config';
import type { Db } from '../db';
import { loadReference, type Reference } from '../db/queries/shared/reference';

export interface WebDeps {
  config: Config;
  db: Db;
  temporal: Client;
  registry: CivilRegistry;
  log: Logger;
  sessionStore: Store;
  /**
   * The embedded stack with its demo data adds the dev pages (outbox, registry) that a real
   * deployment must not have; a production web never serves them.
   */
  embedded: boolean;
}

/** Provinces and subjects change only by an admin's hand: read them at most once a minute. */
export function cachedReference(db: Db, ttlMs = 60_000): () => Promise<Reference> {
  let cached: { at: number; value: Promise<Reference> } | undefined;
  return () => {
    if (!cached || Date.now() - cached.at > ttlMs) {
      const value = loadReference(db);
      cached = { at: Date.now(), value };
      value.catch(() => (cached = undefined));
    }
    return cached.value;
  };
}
