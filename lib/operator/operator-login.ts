import { verifyCredentials } from "@/lib/auth/authenticate";
import { consumeRateLimit } from "@/lib/auth/rate-limit";
import type { Db } from "@/lib/db";
import { UnauthorizedError } from "@/lib/http/errors";
import type { Operator } from "./operator-session";

/**
 * Platform admins sign in with their Monitr account's email and password (the same password
 * check as workspaces); only emails listed in PLATFORM_ADMINS get in. Rate limited per email and IP.
 */
export async function operatorLogin({
  db,
  platformAdmins,
  email,
  password,
  ip,
}: {
  db: Db;
  platformAdmins: string[];
  email: string;
  password: string;
  ip?: string | null;
}): Promise<Operator> {
  const normalized = email.trim().toLowerCase();
  await consumeRateLimit(db, [{ key: `operator-login:${normalized}`, max: 10 }, ...(ip ? [{ key: `operator-login-ip:${ip}`, max: 50 }] : [])], 900, "Too many sign-in attempts; wait a few minutes.");
  const user = await verifyCredentials(db, normalized, password);
  if (!user || !platformAdmins.includes(user.email.toLowerCase())) throw new UnauthorizedError("Wrong email or password, or not a platform admin.");
  return { userId: user.id, email: user.email.toLowerCase(), name: user.name };
}
