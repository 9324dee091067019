import crypto from "node:crypto";
import type { TenantContext } from "@/lib/auth/guard";
import { dashboardsApi } from "@/lib/dashboards";
import { schema, withTenant, type Db } from "@/lib/db";
import type { Role } from "@/lib/tenants";
import { route, startLoopbackApi } from "./loopback-api-kit";

/** The dashboards/metrics/resources/costs JSON transport (lib/dashboards/http-api.ts) on a loopback server. */
export function startDashboardsServer() {
  return startLoopbackApi([
    route("GET", /^\/api\/metrics\/query$/, (ctx, r) => dashboardsApi.metricsQuery(ctx, r)),
    route("POST", /^\/api\/metrics\/query$/, (ctx, r) => dashboardsApi.metricsBatch(ctx, r)),
    route("GET", /^\/api\/metrics\/series$/, (ctx, r) => dashboardsApi.availableMetrics(ctx, r)),
    route("GET", /^\/api\/resources$/, (ctx, r) => dashboardsApi.resources(ctx, r)),
    route("GET", /^\/api\/costs$/, (ctx, r) => dashboardsApi.costs(ctx, r)),
    route("GET", /^\/api\/dashboards$/, (ctx) => dashboardsApi.list(ctx)),
    route("POST", /^\/api\/dashboards$/, (ctx, r) => dashboardsApi.create(ctx, r)),
    route("GET", /^\/api\/dashboards\/([^/]+)$/, (ctx, r, ref) => dashboardsApi.get(ctx, r, ref)),
    route("PUT", /^\/api\/dashboards\/([^/]+)$/, (ctx, r, ref) => dashboardsApi.save(ctx, r, ref)),
    route("DELETE", /^\/api\/dashboards\/([^/]+)$/, (ctx, r, ref) => dashboardsApi.remove(ctx, r, ref)),
    route("POST", /^\/api\/dashboards\/([^/]+)\/reset$/, (ctx, r, ref) => dashboardsApi.reset(ctx, r, ref)),
  ]);
}

/** Another member of the same tenant with the given role (a real user and membership row). */
export async function addMember(db: Db, owner: TenantContext, role: Role): Promise<TenantContext> {
  const email = `${role}-${crypto.randomBytes(4).toString("hex")}@acme.test`;
  const [user] = await db.insert(schema.users).values({ email, name: `A ${role}`, passwordHash: "x" }).returning();
  await withTenant(owner.tenant.id, (tx) => tx.insert(schema.memberships).values({ tenantId: owner.tenant.id, userId: user.id, role }), { db });
  return { ...owner, actor: { userId: user.id, email, name: user.name, role } };
}

/** A connection and EC2 instances in the inventory, valid since `since`. */
export async function seedInventory(db: Db, ctx: TenantContext, instances: { id: string; name: string; state?: string; tags?: Record<string, string>; region?: string }[], since: Date) {
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const [connection] = await tx
        .insert(schema.awsConnections)
        .values({ tenantId: ctx.tenant.id, name: "Production", awsAccountId: "123456789012", roleArn: `arn:aws:iam::123456789012:role/M-${crypto.randomBytes(4).toString("hex")}`, regions: ["us-east-1"], status: "healthy" })
        .returning();
      await tx.insert(schema.resources).values(
        instances.map((i) => ({
          tenantId: ctx.tenant.id,
          connectionId: connection.id,
          region: i.region ?? "us-east-1",
          kind: "ec2_instance" as const,
          resourceId: i.id,
          name: i.name,
          state: i.state ?? "running",
          tags: i.tags ?? {},
          attributes: { instanceType: "m5.large", availabilityZone: "us-east-1a" },
          validFrom: since,
          recordedFrom: since,
        })),
      );
      return connection;
    },
    { db },
  );
}
