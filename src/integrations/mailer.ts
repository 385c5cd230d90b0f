import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config';
import type { Mailbox } from '../services/email/escape';

export interface EmailAttachment {
  filename: string;
  content: string;
  contentType: string;
}

/** A fully built message; recipients are validated objects, never strings nodemailer would parse. */
export interface OutgoingEmail {
  /** `<unique@domain>`: fixed per booking and kind, so a resend after a crash is recognisable. */
  messageId: string;
  to: Mailbox;
  subject: string;
  html: string;
  text: string;
  attachments?: EmailAttachment[];
}

export interface SentEmailReceipt {
  messageId: string;
  /** The .eml file written in outbox mode. */
  file?: string;
}

export interface Mailer {
  readonly mode: 'smtp' | 'outbox';
  send(email: OutgoingEmail): Promise<SentEmailReceipt>;
  close(): void;
}

/** SMTP_URL sends through that server; without it every message lands as an .eml file in DATA_DIR/outbox. */
export function createMailer(config: Config): Mailer {
  if (config.SMTP_URL) {
    const transport = nodemailer.createTransport(config.SMTP_URL);
    return {
      mode: 'smtp',
      async send(email) {
        await transport.sendMail({ ...toNodemailer(email), from: config.MAIL_FROM });
        return { messageId: email.messageId };
      },
      close: () => transport.close(),
    };
  }
  const outbox = path.join(config.dataDir, 'outbox');
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    mode: 'outbox',
    async send(email) {
      const info = await transport.sendMail({ ...toNodemailer(email), from: config.MAIL_FROM });
      await fs.mkdir(outbox, { recursive: true });
      const file = path.join(outbox, `${email.messageId.replace(/[^A-Za-z0-9._-]/g, '_')}.eml`);
      // Written under a temporary name and renamed: a reader never sees half a message, and a retry overwrites the same file.
      const partial = `${file}.partial`;
      await fs.writeFile(partial, info.message as Buffer);
      await fs.rename(partial, file);
      return { messageId: email.messageId, file };
    },
    close: () => transport.close(),
  };
}

function toNodemailer(email: OutgoingEmail) {
  return {
    messageId: email.messageId,
    to: [{ name: email.to.name, address: email.to.address }],
    subject: email.subject,
    html: email.html,
    text: email.text,
    attachments: email.attachments?.map((attachment) => ({ ...attachment })),
    // Nodemailer must never pick recipients out of free text; we pass objects only.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}
