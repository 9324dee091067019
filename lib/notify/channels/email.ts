import { z } from "zod";
import { parseInput } from "@/lib/http/validate";
import { messageHtml, messageText, messageTitle } from "../message";
import { DeliveryError, type Channel } from "./types";

const Recipients = z.preprocess(
  (v) => (typeof v === "string" ? v.split(/[,;\s]+/).filter(Boolean) : v),
  z.array(z.email({ error: "Enter valid email addresses, separated by commas." }), { error: "Enter at least one email address." })
    .min(1, "Enter at least one email address.")
    .max(20, "At most 20 recipients."),
);

const EmailInput = z.object({ to: Recipients });

function recipients(config: Record<string, unknown>): string[] {
  const parsed = z.array(z.string()).safeParse(config.to);
  if (!parsed.success || parsed.data.length === 0) throw new DeliveryError("the channel has no recipients");
  return parsed.data;
}

async function send(config: Record<string, unknown>, message: Parameters<Channel["sendAlert"]>[1], deps: Parameters<Channel["sendAlert"]>[2]) {
  try {
    await deps.mailer.send({ to: recipients(config), subject: messageTitle(message), text: messageText(message), html: messageHtml(message) });
  } catch (error) {
    if (error instanceof DeliveryError) throw error;
    throw new DeliveryError(`the mail server refused the message: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Email through lib/mail: SMTP when SMTP_URL is set, else the dev mailbox (.data/mail). No secrets. */
export const emailChannel: Channel = {
  label: "Email",
  publicFields: ["to"],
  prepare: (raw) => {
    const input = parseInput(EmailInput, raw);
    return { config: { to: input.to }, secrets: {} };
  },
  sendAlert: (target, message, deps) => send(target.config, message, deps),
  sendResolved: (target, message, deps) => send(target.config, message, deps),
  test: (target, message, deps) => send(target.config, message, deps),
};
