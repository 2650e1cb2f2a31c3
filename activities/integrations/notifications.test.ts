import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../config/paths';
import type { OutgoingNotification } from '../../db/queries/shared/notifications';
import { freePort } from '../../test/support/ports';
import { HttpSmsChannel, messageIdOf, SmtpChannel } from './notifications';

/**
 * The real adapters against the cluster's stand-ins for the SMS gateway and the mail server
 * (stack/localGateways.ts), which drop what they have already taken, as an idempotent provider does.
 */
let dir: string;
let gateways: ChildProcess;
let smsUrl: string;
let smtpUrl: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miz-gateways-'));
  const [sms, smtp] = [await freePort(), await freePort()];
  gateways = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(PROJECT_ROOT, 'stack', 'localGateways.ts')],
    {
      env: { ...process.env, GATEWAYS_DIR: dir, SMS_PORT: String(sms), SMTP_PORT: String(smtp) },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve) => gateways.stdout!.once('data', () => resolve()));
  smsUrl = `http://127.0.0.1:${sms}/`;
  smtpUrl = `smtp://127.0.0.1:${smtp}`;
});

afterAll(async () => {
  const exited = new Promise((r) => gateways.once('exit', r));
  gateways.kill('SIGTERM');
  await exited;
  fs.rmSync(dir, { recursive: true, force: true });
});

const readLog = (file: string) =>
  fs
    .readFileSync(path.join(dir, file), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

const notice = (channel: 'sms' | 'email', recipient: string): OutgoingNotification => ({
  dedupeKey: `K${Math.random().toString(36).slice(2, 8).toUpperCase()}:received:${channel}`,
  channel,
  recipient,
  subject: 'دریافت درخواست',
  body: 'درخواست شما ثبت شد.',
  trackingCode: null,
});

it("gives each SMS the notification's dedupe key as its client reference, so a repeat is dropped", async () => {
  const channel = new HttpSmsChannel(smsUrl);
  const n = notice('sms', '09121234567');
  await channel.send(n);
  await channel.send(n);
  expect(readLog('sms.jsonl').filter((r) => r.clientReference === n.dedupeKey)).toEqual([
    expect.objectContaining({ to: n.recipient, text: n.body, clientReference: n.dedupeKey }),
    expect.objectContaining({ clientReference: n.dedupeKey, dropped: true }),
  ]);
  expect(readLog('sms.jsonl').filter((r) => r.clientReference === n.dedupeKey)[0]).not.toHaveProperty(
    'dropped',
  );
});

it("gives each email a Message-ID made from the notification's dedupe key, so a repeat is dropped", async () => {
  const from = 'میز خدمت حج و زیارت <no-reply@haj.ir>';
  const channel = new SmtpChannel(smtpUrl, from);
  const n = notice('email', 'citizen@example.org');
  await channel.send(n);
  await channel.send(n);
  const messageId = messageIdOf(n.dedupeKey, from);
  expect(messageId).toBe(`<${n.dedupeKey.replace(/:/g, '=3A')}@haj.ir>`);
  expect(readLog('mail.jsonl').filter((r) => r.messageId === messageId)).toEqual([
    expect.objectContaining({ to: [n.recipient], messageId }),
    expect.objectContaining({ messageId, dropped: true }),
  ]);
});

it('writes a Message-ID that keeps distinct keys distinct', () => {
  const ids = ['a:b', 'a=3Ab', 'a.b', 'الف:ب'].map((k) => messageIdOf(k, 'x <n@haj.ir>'));
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) expect(id).toMatch(/^<[A-Za-z0-9_=-]+@haj\.ir>$/);
});
