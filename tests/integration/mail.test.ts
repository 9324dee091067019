import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { SMTPServer } from "smtp-server";
import { afterAll, describe, expect, it } from "vitest";
import { createMailer, readMailbox } from "@/lib/mail";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

describe("mailer", () => {
  it("writes to the dev mailbox when no SMTP server is configured", async () => {
    const mailDir = await fs.mkdtemp(path.join(os.tmpdir(), "monitr-mail-"));
    dirs.push(mailDir);
    const mailer = createMailer({ from: "Monitr <no-reply@monitr.test>", mailDir });
    await mailer.send({ to: "ada@acme.test", subject: "Hello from Monitr", text: "Body text", attachments: [{ filename: "r.csv", content: "a,b\n1,2\n" }] });
    const mails = await readMailbox(mailDir);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: "ada@acme.test", subject: "Hello from Monitr" });
    expect(mails[0].raw).toContain("Body text");
    expect(mails[0].raw).toContain('filename=r.csv');
  });

  it("delivers over SMTP when SMTP_URL is set", async () => {
    const received: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, _session, callback) {
        let data = "";
        stream.on("data", (c: Buffer) => (data += c.toString()));
        stream.on("end", () => {
          received.push(data);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.server.address() as { port: number };
    try {
      const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: "no-reply@monitr.test", mailDir: "/nonexistent" });
      await mailer.send({ to: "bob@acme.test", subject: "Over SMTP", text: "hi" });
      expect(received).toHaveLength(1);
      expect(received[0]).toContain("Subject: Over SMTP");
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
