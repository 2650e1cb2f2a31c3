import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../config';
import { markWorkflowStarted } from '../../db/queries/desk/outbox';
import { markNotificationSent, recordNotification } from '../../db/queries/shared/notifications';
import { startWeb, type RunningWeb } from '../../web/server';
import { createTestDb } from '../support/db';
import { submitCase } from '../support/generators';

/**
 * The business gauges on the web's /metrics, read from a database of its own so every figure is
 * known: open cases by status and escalation level, outbox rows not started, SMS and email not sent.
 */
let testDb: Awaited<ReturnType<typeof createTestDb>>;
let web: RunningWeb;
const token = randomUUID();

beforeAll(async () => {
  testDb = await createTestDb();
  web = await startWeb(
    loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      DATABASE_URL: testDb.url,
      TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
      METRICS_TOKEN: token,
      LOG_LEVEL: 'warn',
    }),
    testDb.db,
    { host: '127.0.0.1' },
  );
});

afterAll(async () => {
  await web?.close();
  await testDb?.drop();
});

const scrape = async () => {
  const response = await fetch(`${web.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return (await response.text()).split('\n').filter((line) => line.startsWith('service_desk_'));
};

it('counts open cases by status and escalation level, unstarted outbox rows and unsent notifications', async () => {
  const db = testDb.db;
  const codes = await Promise.all(Array.from({ length: 5 }, () => submitCase(db)));
  // Two routed (one escalated twice), one answered (not open), two still received; two started.
  await db('cases').whereIn('tracking_code', codes.slice(0, 2)).update({ status: 'routed' });
  await db('cases').where({ tracking_code: codes[1] }).update({ escalation_level: 2 });
  await db('cases').where({ tracking_code: codes[2] }).update({ status: 'answered' });
  for (const code of codes.slice(0, 3)) await markWorkflowStarted(db, code);
  const notice = (code: string, channel: 'sms' | 'email' | 'inbox') =>
    recordNotification(db, {
      dedupeKey: `${code}:received:${channel}`,
      channel,
      recipient: channel === 'sms' ? '09120000000' : 'x@example.ir',
      subject: null,
      body: 'ثبت شد',
      trackingCode: code,
    });
  const sent = await notice(codes[0], 'sms');
  await markNotificationSent(db, sent.id);
  await notice(codes[1], 'sms');
  await notice(codes[3], 'sms');
  await notice(codes[3], 'email');
  await notice(codes[3], 'inbox');

  expect((await scrape()).sort()).toEqual(
    [
      'service_desk_open_cases{status="received",escalation_level="0"} 2',
      'service_desk_open_cases{status="awaiting-identity",escalation_level="0"} 0',
      'service_desk_open_cases{status="routed",escalation_level="0"} 1',
      'service_desk_open_cases{status="routed",escalation_level="2"} 1',
      'service_desk_open_cases{status="info-requested",escalation_level="0"} 0',
      'service_desk_outbox_not_started 2',
      'service_desk_notifications_not_sent{channel="sms"} 2',
      'service_desk_notifications_not_sent{channel="email"} 1',
    ].sort(),
  );

  // A case leaving a level leaves no stale series behind.
  await db('cases').where({ tracking_code: codes[1] }).update({ status: 'closed' });
  expect(await scrape()).not.toContain('service_desk_open_cases{status="routed",escalation_level="2"} 1');
});

it('serves them only with the metrics token', async () => {
  expect((await fetch(`${web.url}/metrics`)).status).toBe(401);
});
