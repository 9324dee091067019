import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { AppError, NotFoundError } from "@/lib/http/errors";
import { handler } from "@/lib/http";
import { clientIp } from "@/lib/auth/next-auth";
import { OPERATOR_COOKIE, operatorLogin, opsConfig, signOperatorSession } from "@/lib/operator";
import { consoleUrl, onAdminHost, seeOther } from "@/lib/operator/console-http";
import { hostCookie } from "@/lib/operator/host-cookies";

/** The console's sign-in form (admin host only). */
export const POST = handler(async (request: Request) => {
  if (!onAdminHost(request)) throw new NotFoundError();
  const form = await request.formData();
  const email = String(form.get("email") ?? "");
  const cfg = opsConfig();
  try {
    const operator = await operatorLogin({ db: getDb(), platformAdmins: cfg.platformAdmins, email, password: String(form.get("password") ?? ""), ip: clientIp((n) => request.headers.get(n)) });
    const response = seeOther(consoleUrl("/"));
    response.cookies.set(OPERATOR_COOKIE, signOperatorSession(operator, cfg.operatorSecret, cfg.operatorSessionSeconds), hostCookie(config().protocol, cfg.operatorSessionSeconds));
    return response;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return seeOther(consoleUrl(`/login?error=${encodeURIComponent(error.message)}&email=${encodeURIComponent(email)}`));
  }
});
