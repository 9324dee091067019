import { getDb } from "@/lib/db";
import { metricsAuthorized, prometheusText } from "@/lib/observability";
import { opsConfig } from "@/lib/operator/ops-config";

export const dynamic = "force-dynamic";

/** Prometheus exposition of this web process (and the platform-wide gauges read from Postgres). */
export async function GET(request: Request) {
  const cfg = opsConfig();
  if (!metricsAuthorized(request.headers.get("authorization"), cfg.metricsToken)) {
    return new Response("unauthorized\n", { status: 401, headers: { "WWW-Authenticate": "Bearer" } });
  }
  const { contentType, body } = await prometheusText({ db: getDb(), tenantLabels: cfg.metricsTenantLabels, token: cfg.metricsToken });
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
}
