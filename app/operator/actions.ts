"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { clientIp } from "@/lib/auth/next-auth";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/http/errors";
import { OPERATOR_COOKIE, operatorLogin, opsConfig, setTenantStatus, signOperatorSession, startImpersonation, StartImpersonationInput } from "@/lib/operator";
import { hostCookie } from "@/lib/operator/host-cookies";
import { requireAdminHost, requireOperator } from "@/lib/operator/require-operator";

async function ip() {
  const h = await headers();
  return clientIp((n) => h.get(n));
}

const text = (form: FormData, name: string) => String(form.get(name) ?? "");

/*
 * Absolute URLs on the admin host: a server action's redirect to a relative path is rendered in
 * the same request without proxy.ts's rewrite, so "/" would render the marketing page.
 */
function consoleUrl(pathAndQuery: string): string {
  const { appDomain, protocol } = config();
  return `${protocol}://admin.${appDomain}${pathAndQuery}`;
}

export type LoginState = { error?: string; email?: string };

export async function operatorLoginAction(_state: LoginState, form: FormData): Promise<LoginState> {
  await requireAdminHost();
  const cfg = opsConfig();
  const email = text(form, "email");
  try {
    const operator = await operatorLogin({ db: getDb(), platformAdmins: cfg.platformAdmins, email, password: text(form, "password"), ip: await ip() });
    (await cookies()).set(OPERATOR_COOKIE, signOperatorSession(operator, cfg.operatorSecret, cfg.operatorSessionSeconds), hostCookie(config().protocol, cfg.operatorSessionSeconds));
  } catch (error) {
    return { email, error: error instanceof AppError ? error.message : "Sign-in failed." };
  }
  redirect(consoleUrl("/"));
}

export async function operatorLogoutAction(): Promise<void> {
  (await cookies()).set(OPERATOR_COOKIE, "", hostCookie(config().protocol, 0));
  redirect(consoleUrl("/login"));
}

export async function setTenantStatusAction(form: FormData): Promise<void> {
  const operator = await requireOperator();
  const tenantId = text(form, "tenantId");
  const status = text(form, "status") === "suspended" ? "suspended" : "active";
  try {
    await setTenantStatus({ db: getDb(), operator, tenantId, status, reason: text(form, "reason"), ip: await ip() });
  } catch (error) {
    if (error instanceof AppError) redirect(consoleUrl(`/tenants/${encodeURIComponent(tenantId)}?error=${encodeURIComponent(error.fields?.reason ?? error.message)}`));
    throw error;
  }
  redirect(consoleUrl(`/tenants/${encodeURIComponent(tenantId)}?done=${status}`));
}

export async function startImpersonationAction(form: FormData): Promise<void> {
  const operator = await requireOperator();
  const tenantId = text(form, "tenantId");
  const parsed = StartImpersonationInput.safeParse(Object.fromEntries(form.entries()));
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "Check the form.";
    redirect(consoleUrl(`/tenants/${encodeURIComponent(tenantId)}?error=${encodeURIComponent(message)}`));
  }
  const { tenant, linkToken } = await startImpersonation({ db: getDb(), operator, input: parsed.data, ip: await ip() });
  const { appDomain, protocol } = config();
  redirect(`${protocol}://${tenant.slug}.${appDomain}/api/operator/impersonate?token=${encodeURIComponent(linkToken)}`);
}
