import crypto from "node:crypto";

/*
 * The operator console's session: a signed cookie on admin.<APP_DOMAIN> only (host-only), separate
 * from next-auth's tenant sessions so a tenant session can never open the console and vice versa.
 */
export const OPERATOR_COOKIE = "monitr_operator";

export type Operator = { userId: string; email: string; name: string };
type Payload = Operator & { exp: number };

function sign(body: string, secret: string): string {
  return crypto.createHmac("sha256", secret).update(body).digest("base64url");
}

export function signOperatorSession(operator: Operator, secret: string, ttlSeconds: number, now = Date.now()): string {
  if (!secret) throw new Error("OPERATOR_SESSION_SECRET or NEXTAUTH_SECRET must be set for the operator console.");
  const body = Buffer.from(JSON.stringify({ ...operator, exp: Math.floor(now / 1000) + ttlSeconds } satisfies Payload)).toString("base64url");
  return `${body}.${sign(body, secret)}`;
}

/** The operator named by a cookie, if its signature holds, it has not expired and they are still a platform admin. */
export function verifyOperatorSession(value: string | undefined, secret: string, platformAdmins: string[], now = Date.now()): Operator | null {
  if (!value || !secret) return null;
  const [body, mac] = value.split(".");
  if (!body || !mac) return null;
  const expected = Buffer.from(sign(body, secret));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  try {
    const payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Payload;
    if (typeof payload.exp !== "number" || payload.exp * 1000 <= now) return null;
    if (!platformAdmins.includes(payload.email.toLowerCase())) return null;
    return { userId: payload.userId, email: payload.email, name: payload.name };
  } catch {
    return null;
  }
}
