import { NextResponse, type NextRequest } from "next/server";
import { parseHost } from "@/lib/tenants/host";

const APP_DOMAIN = (process.env.APP_DOMAIN || "localhost:3000").toLowerCase();

/*
 * Host → tenant. <slug>.<APP_DOMAIN> is rewritten to the internal /t/<slug>/… routes; the root
 * domain serves marketing, sign-up and log-in. API routes are not rewritten: they read the Host
 * themselves (see lib/auth/guard.ts). admin.<APP_DOMAIN> is the operator console (app/operator),
 * reachable on no other host. /metrics (Prometheus) is served on every host.
 */
export function proxy(request: NextRequest) {
  const target = parseHost(request.headers.get("host"), APP_DOMAIN);
  const url = request.nextUrl.clone();
  if (url.pathname === "/metrics") return NextResponse.next();
  switch (target.kind) {
    case "tenant":
      url.pathname = `/t/${target.slug}${url.pathname === "/" ? "" : url.pathname}`;
      return NextResponse.rewrite(url);
    case "reserved":
      if (target.sub !== "admin") break;
      url.pathname = `/operator${url.pathname === "/" ? "" : url.pathname}`;
      return NextResponse.rewrite(url);
    case "root":
      if (url.pathname.startsWith("/t/") || url.pathname === "/t" || url.pathname.startsWith("/operator")) {
        url.pathname = "/not-found";
        return NextResponse.rewrite(url, { status: 404 });
      }
      return NextResponse.next();
    default:
      break;
  }
  url.pathname = "/not-found";
  return NextResponse.rewrite(url, { status: 404 });
}

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|robots.txt).*)"],
};
