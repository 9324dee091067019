import { clientIp } from "@/lib/auth/next-auth";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/http/errors";
import { handler } from "@/lib/http";
import { setTenantStatus } from "@/lib/operator";
import { consoleUrl, operatorOf, seeOther } from "@/lib/operator/console-http";

type Params = { params: Promise<{ id: string }> };

/** Suspend / reactivate form of the console's tenant page. */
export const POST = handler(async (request: Request, { params }: Params) => {
  const operator = operatorOf(request);
  if (!operator) return seeOther(consoleUrl("/login"));
  const { id } = await params;
  const form = await request.formData();
  const status = form.get("status") === "suspended" ? "suspended" : "active";
  const page = `/tenants/${encodeURIComponent(id)}`;
  try {
    await setTenantStatus({ db: getDb(), operator, tenantId: id, status, reason: String(form.get("reason") ?? ""), ip: clientIp((n) => request.headers.get(n)) });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return seeOther(consoleUrl(`${page}?error=${encodeURIComponent(error.fields?.reason ?? error.message)}`));
  }
  return seeOther(consoleUrl(`${page}?done=${status}`));
});
