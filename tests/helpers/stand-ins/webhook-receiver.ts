import { verifySignature, IDEMPOTENCY_HEADER, SIGNATURE_HEADER } from "@/lib/notify";
import { startHttpStandIn, type HttpStandIn } from "./http-stand-in";

/** A customer's webhook endpoint: records each delivery and whether its HMAC signature verifies. */
export type WebhookDelivery = { body: Record<string, unknown>; raw: string; signature: string | undefined; idempotencyKey: string | undefined; verified: boolean };

export type WebhookReceiver = HttpStandIn & { hookUrl: string; deliveries: WebhookDelivery[]; setSecret(secret: string): void };

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const deliveries: WebhookDelivery[] = [];
  let secret = "";
  const server = await startHttpStandIn((req) => {
    if (req.method !== "POST" || req.path !== "/hook") return { status: 404 };
    const signature = req.headers[SIGNATURE_HEADER] as string | undefined;
    deliveries.push({
      body: JSON.parse(req.body) as Record<string, unknown>,
      raw: req.body,
      signature,
      idempotencyKey: req.headers[IDEMPOTENCY_HEADER] as string | undefined,
      verified: secret !== "" && verifySignature(secret, req.body, signature),
    });
    return { status: 204 };
  });
  return { ...server, hookUrl: `${server.url}/hook`, deliveries, setSecret: (s) => (secret = s) };
}
