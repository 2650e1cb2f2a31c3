import { randomUUID } from 'node:crypto';
import argon2 from 'argon2';
import { loadConfig, type Config } from '../../config';
import type { Db } from '../../db';
import type { StaffRole } from '../../domain/desk/caseStatus';
import { startWeb, type RunningWeb } from '../../web/server';
import { startWorker, type RunningWorker } from '../../worker/main';
import { createTestDb } from './db';
import { eventually, hiddenValue, WebClient } from './http';
import { quietRuntime, workflowBundle } from './temporal';

/**
 * The whole system for a test file: its own database, a worker on its own task queue of the shared
 * Temporal dev server, and the web on a free port.
 */
export interface TestSystem {
  db: Db;
  config: Config;
  web: RunningWeb;
  worker: RunningWorker;
  baseUrl: string;
  close(): Promise<void>;
}

export async function startTestSystem(env: Record<string, string> = {}): Promise<TestSystem> {
  quietRuntime();
  const testDb = await createTestDb();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: testDb.url,
    TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    CAPTCHA: 'off',
    LOG_LEVEL: 'warn',
    ...env,
  });
  const worker = await startWorker(config, testDb.db, {
    workflowBundle: await workflowBundle(),
    relayIntervalMs: 200,
    relayGraceMs: 0,
  });
  const web = await startWeb(config, testDb.db, { embedded: true, host: '127.0.0.1' });
  return {
    db: testDb.db,
    config,
    web,
    worker,
    baseUrl: web.url,
    async close() {
      await web.close();
      await worker.shutdown();
      await testDb.drop();
    },
  };
}

export interface StaffLogin {
  id: number;
  username: string;
  client: WebClient;
}

/** A staff account with a real password, as an admin would create it. */
export async function createStaffAccount(
  db: Db,
  role: StaffRole,
  province: string | null,
  desks: string[] = ['province'],
  fullName = `${role} ${province ?? 'ستاد'}`,
): Promise<{ id: number; username: string; password: string }> {
  const username = `${role}-${randomUUID().slice(0, 8)}`;
  const password = `pw-${randomUUID()}`;
  const [{ id }] = await db('staff')
    .insert({
      username,
      password_hash: await argon2.hash(password),
      full_name: fullName,
      role,
      province,
      desks,
    })
    .returning('id');
  return { id, username, password };
}

/** Creates a staff member with a real password and logs them in. */
export async function staffLogin(
  system: TestSystem,
  role: StaffRole,
  province: string | null,
  desks: string[] = ['province'],
): Promise<StaffLogin> {
  const { id, username, password } = await createStaffAccount(system.db, role, province, desks);
  const client = new WebClient(system.baseUrl);
  const page = await client.get('/staff/login');
  const login = await client.post('/staff/login', {
    _csrf: hiddenValue(page.html, '_csrf'),
    username,
    password,
  });
  if (login.status !== 303) throw new Error(`login failed: ${login.status}`);
  return { id, username, client };
}

/** Waits until the case's workflow has routed it (the projection says so). */
export async function routedCase(db: Db, trackingCode: string) {
  return eventually(
    () => db('cases').where({ tracking_code: trackingCode }).first('status', 'assigned_to', 'due_at'),
    (c) => c?.status === 'routed',
  );
}

/** Posts a staff form with the CSRF token of the page it is on. */
export async function staffPost(
  client: WebClient,
  pagePath: string,
  action: string,
  fields: Record<string, string>,
) {
  const page = await client.get(pagePath);
  return client.post(action, { _csrf: hiddenValue(page.html, '_csrf'), ...fields });
}
