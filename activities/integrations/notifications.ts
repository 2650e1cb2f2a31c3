import nodemailer from 'nodemailer';
import type { OutgoingNotification } from '../../db/queries/shared/notifications';

/** A way to reach a person. The dev outbox needs none: the notifications table is what it shows. */
export interface NotificationChannel {
  send(n: OutgoingNotification): Promise<void>;
}

export class SmtpChannel implements NotificationChannel {
  private readonly transport;
  constructor(
    smtpUrl: string,
    private readonly from = 'میز خدمت حج و زیارت <no-reply@haj.ir>',
  ) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }
  /**
   * The Message-ID is made from the notification's dedupe key, so a retry that sends a message
   * again (the worker or PostgreSQL gone between sending and marking it sent) carries the same ID
   * and mail systems that drop repeated IDs drop it.
   */
  async send(n: OutgoingNotification): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: n.recipient,
      subject: n.subject ?? '',
      text: n.body,
      messageId: messageIdOf(n.dedupeKey, this.from),
    });
  }
}

/** `<key@domain>`, with every character a Message-ID may not hold written as =XX (its UTF-8 bytes). */
export function messageIdOf(dedupeKey: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
  const local = dedupeKey.replace(/[^A-Za-z0-9_-]/g, (c) =>
    [...Buffer.from(c, 'utf8')].map((b) => `=${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
  return `<${local}@${domain}>`;
}

/**
 * An SMS provider's HTTP API: POST {to, text, clientReference} as JSON; any 2xx is accepted. The
 * client reference is the notification's dedupe key: a provider that keeps it drops a message sent
 * again by a retry (the worker or PostgreSQL gone between sending and marking it sent).
 */
export class HttpSmsChannel implements NotificationChannel {
  constructor(private readonly url: string) {}
  async send(n: OutgoingNotification): Promise<void> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: n.recipient, text: n.body, clientReference: n.dedupeKey }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`SMS gateway answered HTTP ${response.status}`);
  }
}

export const outboxOnly: NotificationChannel = { send: async () => {} };
