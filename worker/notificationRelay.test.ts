import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpSmsChannel, outboxOnly } from '../activities/integrations/notifications';
import { recordNotification, type OutgoingNotification } from '../db/queries/shared/notifications';
import { createTestDb } from '../test/support/db';
import { eventually } from '../test/support/http';
import { startNotificationRelay } from './relay';

/**
 * The worker's notification relay against the test PostgreSQL, sending through the real SMS
 * adapter to a stand-in gateway on loopback: the web's recovery SMS reaches the gateway once and is
 * marked sent, with two relays at once as well; a failed send is tried again; rows the activities
 * own and send themselves are left alone.
 */
let testDb: Awaited<ReturnType<typeof createTestDb>>;
let gateway: http.Server;
let smsUrl: string;
/** Every request the gateway took, as sent; `failNext` requests are answered 503 first. */
const received: { to: string; text: string; clientReference: string }[] = [];
let failNext = 0;
let delayMs = 0;

beforeAll(async () => {
  testDb = await createTestDb();
  gateway = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      setTimeout(() => {
        if (failNext > 0) {
          failNext--;
          res.writeHead(503).end();
          return;
        }
        received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"queued"}');
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  smsUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await new Promise((resolve) => gateway?.close(resolve));
  await testDb?.drop();
});
beforeEach(() => {
  received.length = 0;
  failNext = 0;
  delayMs = 0;
});

/** A row as /track/recover records it (web/routes/desk/recover.ts). */
async function recoveryRow(mobile: string) {
  const n: OutgoingNotification = {
    dedupeKey: `recover:${randomUUID()}:sms`,
    channel: 'sms',
    recipient: mobile,
    subject: 'بازیابی کد پیگیری',
    body: `کد پیگیری: ${randomUUID()}`,
    trackingCode: null,
    deliverBy: 'relay',
  };
  const { id } = await recordNotification(testDb.db, n);
  return { ...n, id };
}

const sentAt = async (id: number) =>
  (await testDb.db('notifications').where({ id }).first('sent_at', 'attempts', 'last_error')) as {
    sent_at: Date | null;
    attempts: number;
    last_error: string | null;
  };

const relay = (retryMs = 60_000) =>
  startNotificationRelay(
    testDb.db,
    { sms: new HttpSmsChannel(smsUrl), email: outboxOnly },
    { intervalMs: 20, retryMs },
  );

it('delivers a recovery SMS once through the gateway and marks it sent', async () => {
  const row = await recoveryRow('09120000001');
  const r = relay();
  try {
    await eventually(
      () => sentAt(row.id),
      (s) => s.sent_at !== null,
      20_000,
    );
    // More passes go by: the row is not sent again.
    await new Promise((resolve) => setTimeout(resolve, 300));
  } finally {
    await r.stop();
  }
  expect(received).toEqual([{ to: '09120000001', text: row.body, clientReference: row.dedupeKey }]);
});

it('delivers each row once with two relays running at once', async () => {
  delayMs = 150; // A slow gateway: the other relay polls many times while one is sending.
  const rows = await Promise.all(['09120000002', '09120000003', '09120000004'].map(recoveryRow));
  const relays = [relay(), relay()];
  try {
    for (const row of rows)
      await eventually(
        () => sentAt(row.id),
        (s) => s.sent_at !== null,
        20_000,
      );
    await new Promise((resolve) => setTimeout(resolve, 400));
  } finally {
    await Promise.all(relays.map((r) => r.stop()));
  }
  expect(received.map((m) => m.clientReference).toSorted()).toEqual(rows.map((r) => r.dedupeKey).toSorted());
});

it('tries a send the gateway refused again later, and marks it sent once delivered', async () => {
  failNext = 2;
  const row = await recoveryRow('09120000005');
  const r = relay(100);
  try {
    const done = await eventually(
      () => sentAt(row.id),
      (s) => s.sent_at !== null,
      20_000,
    );
    expect(done.attempts).toBe(2);
    expect(done.last_error).toContain('503');
  } finally {
    await r.stop();
  }
  expect(failNext).toBe(0);
  expect(received.map((m) => m.clientReference)).toEqual([row.dedupeKey]);
});

it('leaves the unsent rows the activities record and send themselves alone', async () => {
  const { id } = await recordNotification(testDb.db, {
    dedupeKey: `${randomUUID()}:sms`,
    channel: 'sms',
    recipient: '09120000006',
    subject: null,
    body: 'an activity’s notice, being sent by it',
    trackingCode: null,
  });
  const row = await recoveryRow('09120000007');
  const r = relay();
  try {
    await eventually(
      () => sentAt(row.id),
      (s) => s.sent_at !== null,
      20_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
  } finally {
    await r.stop();
  }
  expect(received.map((m) => m.to)).toEqual(['09120000007']);
  expect(await sentAt(id)).toEqual({ sent_at: null, attempts: 0, last_error: null });
  expect((await testDb.db('notifications').where({ id }).first('claimed_until')).claimed_until).toBeNull();
});
