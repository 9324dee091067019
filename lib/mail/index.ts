import fs from "node:fs/promises";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";

export type MailAttachment = { filename: string; content: Buffer | string; contentType?: string };
export type Mail = { to: string | string[]; subject: string; text: string; html?: string; attachments?: MailAttachment[] };
export type MailConfig = { smtpUrl?: string; from: string; mailDir: string };

/** From the environment once; tests build their own MailConfig. */
export function loadMailConfig(env: Record<string, string | undefined>): MailConfig {
  return {
    smtpUrl: env.SMTP_URL || undefined,
    from: env.MAIL_FROM || "Monitr <no-reply@monitr.app>",
    mailDir: path.resolve(env.MAIL_DIR || ".data/mail"),
  };
}

export type Mailer = { send(mail: Mail): Promise<{ messageId: string }> };

/**
 * SMTP when SMTP_URL is set (smtp://user:pass@host:port, smtps:// for TLS); otherwise the dev
 * mailbox: each message is written as an .eml file in MAIL_DIR, where people and tests read it.
 */
export function createMailer(config: MailConfig): Mailer {
  const transport: Transporter = config.smtpUrl
    ? nodemailer.createTransport(config.smtpUrl)
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    async send(mail) {
      const info = await transport.sendMail({ from: config.from, ...mail });
      if (!config.smtpUrl) {
        await fs.mkdir(config.mailDir, { recursive: true });
        const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${String(info.messageId).replace(/[^\w.-]/g, "")}.eml`;
        await fs.writeFile(path.join(config.mailDir, name), (info as unknown as { message: Buffer }).message);
      }
      return { messageId: String(info.messageId) };
    },
  };
}

let shared: Mailer | undefined;
/** The process-wide mailer, configured from the environment. */
export function mailer(): Mailer {
  shared ??= createMailer(loadMailConfig(process.env));
  return shared;
}

export type StoredMail = { file: string; to: string; subject: string; raw: string };

/** The dev mailbox's messages, oldest first (for the dev mailbox page and tests). */
export async function readMailbox(mailDir: string): Promise<StoredMail[]> {
  const files = (await fs.readdir(mailDir).catch(() => [] as string[])).filter((f) => f.endsWith(".eml")).sort();
  return Promise.all(
    files.map(async (file) => {
      const raw = await fs.readFile(path.join(mailDir, file), "utf8");
      const header = (name: string) => raw.match(new RegExp(`^${name}: (.*)$`, "mi"))?.[1]?.trim() ?? "";
      return { file, to: header("To"), subject: header("Subject"), raw };
    }),
  );
}
