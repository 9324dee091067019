import { eq } from "drizzle-orm";
import { signUp } from "@/lib/auth";
import type { TenantContext } from "@/lib/auth/guard";
import { schema, withTenant, type Db } from "@/lib/db";
import { upsertSeries, writePoints, type Point } from "@/lib/metrics";

const INSTANCES = Number(process.env.BENCH_API_INSTANCES ?? 500);

/** One workspace with INSTANCES EC2 instances, a CPU series each and 24 h of 5-minute points. */
export async function seedApiBenchTenant(db: Db, slug: string): Promise<{ ctx: TenantContext; seriesIds: number[]; resources: number }> {
  const result = await signUp({ db, input: { name: "Bench", email: `bench-${Date.now()}@acme.test`, password: "correct horse battery", company: "Bench", slug, plan: "free" } });
  await db.update(schema.tenants).set({ plan: "pro" }).where(eq(schema.tenants.id, result.tenantId));
  const [tenant] = await db.select().from(schema.tenants).where(eq(schema.tenants.id, result.tenantId));
  const ctx: TenantContext = { tenant, db, actor: { userId: result.userId, email: "bench@acme.test", name: "Bench", role: "owner" } };
  const now = Date.now();
  const seriesIds = await withTenant(
    tenant.id,
    async (tx) => {
      const [connection] = await tx
        .insert(schema.awsConnections)
        .values({ tenantId: tenant.id, name: "bench", awsAccountId: "123456789012", roleArn: "arn:aws:iam::123456789012:role/Bench", regions: ["us-east-1"], status: "healthy" })
        .returning();
      const ids = Array.from({ length: INSTANCES }, (_, i) => `i-${i.toString(16).padStart(17, "0")}`);
      const validFrom = new Date(now - 3 * 86_400_000);
      for (let i = 0; i < ids.length; i += 500) {
        await tx.insert(schema.resources).values(
          ids.slice(i, i + 500).map((id, n) => ({
            tenantId: tenant.id,
            connectionId: connection.id,
            region: "us-east-1",
            kind: "ec2_instance" as const,
            resourceId: id,
            name: `web-${i + n}`,
            state: (i + n) % 10 === 0 ? "stopped" : "running",
            tags: { team: (i + n) % 2 ? "data" : "platform" },
            attributes: { instanceType: "m6i.large", az: "us-east-1a" },
            validFrom,
            recordedFrom: validFrom,
          })),
        );
      }
      const series = await upsertSeries(
        tx,
        tenant.id,
        ids.map((id) => ({ connectionId: connection.id, region: "us-east-1", resourceKind: "ec2_instance", resourceId: id, namespace: "AWS/EC2", metric: "CPUUtilization", dimensions: { InstanceId: id }, stat: "Average", unit: "Percent", periodSeconds: 300 })),
      );
      return series.map((s) => s.id);
    },
    { db },
  );
  const start = Math.floor((now - 86_400_000) / 300_000) * 300_000;
  for (let i = 0; i < seriesIds.length; i += 100) {
    const points: Point[] = seriesIds.slice(i, i + 100).flatMap((seriesId, n) => Array.from({ length: 288 }, (_, k) => ({ seriesId, ts: new Date(start + k * 300_000), value: ((i + n) * 7 + k) % 100 })));
    await withTenant(tenant.id, (tx) => writePoints(tx, tenant.id, points), { db });
  }
  return { ctx, seriesIds, resources: INSTANCES };
};
