import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { config } from "@/lib/config";
import { parseHost } from "@/lib/tenants";
import { opsConfig } from "./ops-config";
import { OPERATOR_COOKIE, verifyOperatorSession, type Operator } from "./operator-session";

/** The console lives on admin.<APP_DOMAIN> only; anywhere else it does not exist. */
export async function requireAdminHost(): Promise<void> {
  const h = await headers();
  const target = parseHost(h.get("x-forwarded-host") ?? h.get("host"), config().appDomain);
  if (target.kind !== "reserved" || target.sub !== "admin") notFound();
}

/** The console's guard: a signed operator cookie of a current platform admin, else the console's log-in. */
export async function requireOperator(): Promise<Operator> {
  await requireAdminHost();
  const cfg = opsConfig();
  const operator = verifyOperatorSession((await cookies()).get(OPERATOR_COOKIE)?.value, cfg.operatorSecret, cfg.platformAdmins);
  if (!operator) redirect("/login");
  return operator;
}
