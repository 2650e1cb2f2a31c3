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
  async send(n: OutgoingNotification): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: n.recipient,
      subject: n.subject ?? '',
      text: n.body,
    });
  }
}

/** An SMS provider's HTTP API: POST {to, text} as JSON; any 2xx is accepted. */
export class HttpSmsChannel implements NotificationChannel {
  constructor(private readonly url: string) {}
  async send(n: OutgoingNotification): Promise<void> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: n.recipient, text: n.body }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`SMS gateway answered HTTP ${response.status}`);
  }
}

export const outboxOnly: NotificationChannel = { send: async () => {} };
