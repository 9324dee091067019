import { clientIp } from "@/lib/auth/next-auth";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { handler } from "@/lib/http";
import { startImpersonation, StartImpersonationInput } from "@/lib/operator";
import { consoleUrl, operatorOf, seeOther } from "@/lib/operator/console-http";

type Params = { params: Promise<{ id: string }> };

/** Starts a support session and sends the browser to the workspace's one-time hand-over link. */
export const POST = handler(async (request: Request, { params }: Params) => {
  const operator = operatorOf(request);
  if (!operator) return seeOther(consoleUrl("/login"));
  const { id } = await params;
  const form = await request.formData();
  const parsed = StartImpersonationInput.safeParse({ ...Object.fromEntries(form.entries()), tenantId: id });
  if (!parsed.success) {
    return seeOther(consoleUrl(`/tenants/${encodeURIComponent(id)}?error=${encodeURIComponent(parsed.error.issues[0]?.message ?? "Check the form.")}`));
  }
  const { tenant, linkToken } = await startImpersonation({ db: getDb(), operator, input: parsed.data, ip: clientIp((n) => request.headers.get(n)) });
  const { appDomain, protocol } = config();
  return seeOther(`${protocol}://${tenant.slug}.${appDomain}/api/operator/impersonate?token=${encodeURIComponent(linkToken)}`);
});
