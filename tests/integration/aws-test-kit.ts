import { eq, sql } from "drizzle-orm";
import { signUp } from "@/lib/auth";
import type { TenantContext } from "@/lib/auth/guard";
import { DEFAULT_AWS_CONFIG, type AwsConfig } from "@/lib/aws/config";
import { schema, type Db } from "@/lib/db";
import type { Role } from "@/lib/tenants";
import { startAwsSim, type AwsSim, type AwsSimOptions } from "../../sim/aws/index";

/** Monitr's AWS config pointed at a simulator: its platform keys, its clock, fast retries. */
export function simAwsConfig(sim: AwsSim, over: Partial<AwsConfig> = {}): AwsConfig {
  const { accountId, accessKeyId, secretAccessKey } = sim.scenario.platform;
  return {
    ...DEFAULT_AWS_CONFIG,
    platformAccountId: accountId,
    platformCredentials: { accessKeyId, secretAccessKey },
    endpoints: { sts: sim.url, ec2: sim.url, cloudwatch: sim.url, eks: sim.url, costExplorer: sim.url, tagging: sim.url },
    demo: true,
    retry: { maxAttempts: 8, baseDelayMs: 5, maxDelayMs: 40 },
    requestTimeoutMs: 10_000,
    now: () => sim.now(),
    ...over,
  };
}

export async function startSim(options: AwsSimOptions = {}): Promise<AwsSim> {
  return startAwsSim({ port: 0, ...options });
}

let counter = 0;
/** A fresh tenant (via sign-up) and a context acting as its owner, or as another role. */
export async function createTenant(db: Db, options: { plan?: "free" | "pro"; role?: Role } = {}): Promise<TenantContext> {
  const tag = `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const result = await signUp({
    db,
    input: { name: "Ada", email: `ada-${tag}@acme.test`, password: "correct horse battery", company: "Acme", slug: `acme-${tag}`, plan: "free" },
  });
  if (options.plan === "pro") await db.update(schema.tenants).set({ plan: "pro" }).where(eq(schema.tenants.id, result.tenantId));
  const [tenant] = await db.select().from(schema.tenants).where(eq(schema.tenants.id, result.tenantId));
  if (!tenant) throw new Error("tenant missing");
  return { tenant, db, actor: { userId: result.userId, email: `ada-${tag}@acme.test`, name: "Ada", role: options.role ?? "owner" } };
}

/** A role in the simulated account trusting Monitr with this tenant's ExternalId (what the CloudFormation stack creates). */
export function createTenantRole(sim: AwsSim, ctx: TenantContext, options: { allow?: string[]; deny?: string[]; externalId?: string } = {}): string {
  const roleName = `Monitr-${ctx.tenant.id.slice(0, 8)}-${Math.random().toString(36).slice(2, 8)}`;
  return sim.createRole({
    roleName,
    externalId: options.externalId ?? ctx.tenant.externalId,
    ...(options.allow ? { allow: options.allow } : {}),
    ...(options.deny ? { deny: options.deny } : {}),
  }).roleArn;
}

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e,
  );
}

/** Current versions of metric points per series, and whether any (series, ts) has two. */
export async function pointStats(db: Db, tenantId: string) {
  const r = await db.execute<{ points: number; duplicates: number; series: number }>(sql`
    select count(*)::int as points,
           (count(*) - count(distinct (series_id, ts)))::int as duplicates,
           count(distinct series_id)::int as series
      from metric_points where tenant_id = ${tenantId} and recorded_to = 'infinity'`);
  return r.rows[0] ?? { points: 0, duplicates: 0, series: 0 };
}

/** (namespace|metric|dimensions|ts → value) of a tenant's current points, comparable across tenants. */
export async function pointMap(db: Db, tenantId: string): Promise<Map<string, number>> {
  const r = await db.execute<{ k: string; value: number }>(sql`
    select s.namespace || '|' || s.metric || '|' || s.dimensions_key || '|' || extract(epoch from p.ts)::bigint as k, p.value
      from metric_points p join series s on s.tenant_id = p.tenant_id and s.id = p.series_id
     where p.tenant_id = ${tenantId} and p.recorded_to = 'infinity'`);
  return new Map(r.rows.map((row) => [row.k, Number(row.value)]));
}

export const HOUR = 3_600_000;
export const MINUTE = 60_000;
