import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';

/**
 * Stand-ins for the organization's SMS gateway and mail server, as processes of their own on
 * loopback, so the cluster's workers deliver over the network as in production. Each message is
 * appended as a JSON line to sms.jsonl or mail.jsonl in GATEWAYS_DIR.
 *
 * SMS: `POST /` with {to, text, clientReference}, as activities/integrations/notifications.ts sends it. Mail: just
 * enough SMTP for nodemailer (EHLO, MAIL, RCPT, DATA, QUIT; no TLS, no auth). Like a provider that
 * honours idempotency, each drops a message whose client reference (SMS) or Message-ID (mail) it has
 * already taken: it answers as for a delivery and records the repeat with `dropped: true`.
 */
const dir = process.env.GATEWAYS_DIR!;
const smsPort = Number(process.env.SMS_PORT);
const smtpPort = Number(process.env.SMTP_PORT);

function append(file: string, record: Record<string, unknown>) {
  fs.appendFileSync(path.join(dir, file), JSON.stringify({ at: new Date().toISOString(), ...record }) + '\n');
}

/** The keys a log already holds, so a restarted gateway still drops what it delivered before. */
function seenKeys(file: string, field: string): Set<string> {
  const full = path.join(dir, file);
  if (!fs.existsSync(full)) return new Set();
  const lines = fs.readFileSync(full, 'utf8').split('\n').filter(Boolean);
  return new Set(lines.map((line) => (JSON.parse(line) as Record<string, string>)[field]).filter(Boolean));
}

const sms = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    try {
      const { to, text, clientReference } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        to?: unknown;
        text?: unknown;
        clientReference?: unknown;
      };
      if (req.method !== 'POST' || typeof to !== 'string' || typeof text !== 'string') throw new Error('bad');
      const reference = typeof clientReference === 'string' ? clientReference : undefined;
      const dropped = reference !== undefined && smsKeys.has(reference);
      if (reference) smsKeys.add(reference);
      append('sms.jsonl', { to, text, clientReference: reference, ...(dropped ? { dropped } : {}) });
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":true}');
    } catch {
      res.writeHead(400).end();
    }
  });
});

const smtp = net.createServer((socket) => {
  let from = '';
  let to: string[] = [];
  let data: string[] | null = null;
  const reply = (line: string) => socket.write(line + '\r\n');
  reply('220 localhost mail sink');
  readline.createInterface({ input: socket, crlfDelay: Infinity }).on('line', (line) => {
    if (data) {
      if (line !== '.') data.push(line.startsWith('..') ? line.slice(1) : line);
      else {
        const headers = data.slice(0, Math.max(0, data.indexOf('')));
        const messageId = headers.find((h) => /^message-id:/i.test(h))?.replace(/^message-id:\s*/i, '');
        const dropped = messageId !== undefined && mailKeys.has(messageId);
        if (messageId) mailKeys.add(messageId);
        append('mail.jsonl', {
          from,
          to,
          messageId,
          size: data.join('\r\n').length,
          ...(dropped ? { dropped } : {}),
        });
        data = null;
        to = [];
        reply('250 OK: queued');
      }
      return;
    }
    const verb = line.slice(0, 4).toUpperCase();
    if (verb === 'EHLO' || verb === 'HELO') reply('250-localhost\r\n250-8BITMIME\r\n250 SMTPUTF8');
    else if (verb === 'MAIL') {
      from = /<([^>]*)>/.exec(line)?.[1] ?? '';
      reply('250 OK');
    } else if (verb === 'RCPT') {
      to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
      reply('250 OK');
    } else if (verb === 'DATA') {
      data = [];
      reply('354 End data with <CR><LF>.<CR><LF>');
    } else if (verb === 'RSET') {
      to = [];
      reply('250 OK');
    } else if (verb === 'NOOP') reply('250 OK');
    else if (verb === 'QUIT') {
      reply('221 Bye');
      socket.end();
    } else reply('502 Command not implemented');
  });
  socket.on('error', () => socket.destroy());
});

fs.mkdirSync(dir, { recursive: true });
const smsKeys = seenKeys('sms.jsonl', 'clientReference');
const mailKeys = seenKeys('mail.jsonl', 'messageId');
sms.listen(smsPort, '127.0.0.1', () => {
  smtp.listen(smtpPort, '127.0.0.1', () => console.log('gateways ready'));
});
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    sms.close();
    smtp.close();
    process.exit(0);
  });
