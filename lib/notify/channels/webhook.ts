import crypto from "node:crypto";
import { z } from "zod";
import { parseInput } from "@/lib/http/validate";
import { messageText, messageTitle, type AlertMessage } from "../message";
import { DeliveryError, postJson, type Channel, type ChannelTarget, type NotifyDeps } from "./types";

/*
 * Webhooks out (ARCHITECTURE.md rule 7): a JSON POST whose raw body is signed with HMAC-SHA256
 * under a per-channel secret Monitr generates and shows once. Receivers verify
 * `X-Monitr-Signature: sha256=<hex>` over the exact bytes received and may drop repeats by
 * `X-Monitr-Idempotency-Key`.
 */
export const SIGNATURE_HEADER = "x-monitr-signature";
export const IDEMPOTENCY_HEADER = "x-monitr-idempotency-key";

const WebhookInput = z.object({ url: z.url({ protocol: /^https?$/, error: "Enter the URL to POST to (http or https)." }).max(2000) });

export function signBody(secret: string, body: string): string {
  return `sha256=${crypto.createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

/** For receivers (and tests): constant-time check of a signature header against the raw body. */
export function verifySignature(secret: string, body: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(secret, body));
  const given = Buffer.from(header);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

async function send(target: ChannelTarget, message: AlertMessage, deps: NotifyDeps, idempotencyKey: string): Promise<void> {
  const { url, signingSecret } = target.secrets;
  if (!url || !signingSecret) throw new DeliveryError("the channel has no URL or signing secret");
  const body = JSON.stringify({
    event: message.kind,
    title: messageTitle(message),
    text: messageText(message),
    idempotencyKey,
    sentAt: new Date().toISOString(),
    ...message,
  });
  await postJson(url, body, { [SIGNATURE_HEADER]: signBody(signingSecret, body), [IDEMPOTENCY_HEADER]: idempotencyKey, "user-agent": "Monitr-Webhook/1" }, deps.timeoutMs);
}

export const webhookChannel: Channel = {
  label: "Webhook",
  publicFields: [],
  prepare: (raw) => {
    const input = parseInput(WebhookInput, raw);
    const signingSecret = `whsec_${crypto.randomBytes(24).toString("base64url")}`;
    const url = new URL(input.url);
    return {
      config: { urlHint: `${url.protocol}//${url.host}/…` },
      secrets: { url: input.url, signingSecret },
      revealOnce: { signingSecret },
    };
  },
  sendAlert: (target, message, deps, key) => send(target, message, deps, key),
  sendResolved: (target, message, deps, key) => send(target, message, deps, key),
  test: (target, message, deps) => send(target, message, deps, `test-${crypto.randomUUID()}`),
};
