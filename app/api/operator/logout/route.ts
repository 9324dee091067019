import { config } from "@/lib/config";
import { handler } from "@/lib/http";
import { OPERATOR_COOKIE } from "@/lib/operator";
import { consoleUrl, seeOther } from "@/lib/operator/console-http";
import { hostCookie } from "@/lib/operator/host-cookies";

export const POST = handler(async () => {
  const response = seeOther(consoleUrl("/login"));
  response.cookies.set(OPERATOR_COOKIE, "", hostCookie(config().protocol, 0));
  return response;
});
