import { and, desc, eq, getTableColumns, isNull, sql } from "drizzle-orm";
import type { TenantContext } from "@/lib/auth/guard";
import { schema, withTenant, type Tx } from "@/lib/db";
import { NotFoundError } from "@/lib/http/errors";

export type Connection = typeof schema.awsConnections.$inferSelect;
/** A run as the sync history shows it (without `carry`, the collector's note to its next run). */
export type SyncRun = Omit<typeof schema.syncRuns.$inferSelect, "carry">;

/** Fetch-or-throw scoped to the tenant; RLS is the backstop, the WHERE clause the wall. */
export async function getConnectionInTenant({ tx, tenantId, id }: { tx: Tx; tenantId: string; id: string }): Promise<Connection> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError("AWS connection not found.");
  const [row] = await tx
    .select()
    .from(schema.awsConnections)
    .where(and(eq(schema.awsConnections.tenantId, tenantId), eq(schema.awsConnections.id, id)))
    .limit(1);
  if (!row) throw new NotFoundError("AWS connection not found.");
  return row;
}

export async function countActiveConnections(tx: Tx, tenantId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(schema.awsConnections)
    .where(and(eq(schema.awsConnections.tenantId, tenantId), isNull(schema.awsConnections.disconnectedAt)));
  return row?.n ?? 0;
}

/** Active connections first, then disconnected ones (their data stays until retention removes it). */
export async function listConnections(ctx: TenantContext): Promise<Connection[]> {
  return withTenant(
    ctx.tenant.id,
    (tx) =>
      tx
        .select()
        .from(schema.awsConnections)
        .where(eq(schema.awsConnections.tenantId, ctx.tenant.id))
        .orderBy(sql`${schema.awsConnections.disconnectedAt} is not null`, schema.awsConnections.createdAt),
    { db: ctx.db },
  );
}

export async function getConnection(ctx: TenantContext, id: string): Promise<Connection> {
  return withTenant(ctx.tenant.id, (tx) => getConnectionInTenant({ tx, tenantId: ctx.tenant.id, id }), { db: ctx.db });
}

/** A connection's runs, newest first; `kind` narrows them to inventory, metrics, costs or the initial sync. */
export async function listSyncRuns({
  ctx,
  connectionId,
  limit = 50,
  kind,
}: {
  ctx: TenantContext;
  connectionId: string;
  limit?: number;
  kind?: SyncRun["kind"];
}): Promise<SyncRun[]> {
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      await getConnectionInTenant({ tx, tenantId: ctx.tenant.id, id: connectionId });
      const { carry: _carry, ...columns } = getTableColumns(schema.syncRuns);
      return tx
        .select(columns)
        .from(schema.syncRuns)
        .where(
          and(
            eq(schema.syncRuns.tenantId, ctx.tenant.id),
            eq(schema.syncRuns.connectionId, connectionId),
            kind ? eq(schema.syncRuns.kind, kind) : undefined,
          ),
        )
        .orderBy(desc(schema.syncRuns.startedAt))
        .limit(Math.min(Math.max(1, limit), 500));
    },
    { db: ctx.db },
  );
}

/**
 * Tag keys on the resources this connection sees now: suggestions for the cost allocation tag
 * keys (Cost Explorer can group only by keys that are also activated in the Billing console).
 */
export async function listInventoryTagKeys({ ctx, connectionId, limit = 200 }: { ctx: TenantContext; connectionId: string; limit?: number }): Promise<string[]> {
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const r = schema.resources;
      const rows = await tx
        .selectDistinct({ key: sql<string>`jsonb_object_keys(${r.tags})` })
        .from(r)
        .where(and(eq(r.tenantId, ctx.tenant.id), eq(r.connectionId, connectionId), isNull(r.validTo), isNull(r.recordedTo)))
        .orderBy(sql`1`)
        .limit(limit);
      return rows.map((row) => row.key);
    },
    { db: ctx.db },
  );
}

export type SyncProgress = {
  state: "pending" | "running" | "done" | "failed";
  resourcesFound: number;
  seriesFound: number;
  pointsLoaded: number;
  costsLoaded: boolean;
  startedAt?: Date;
  finishedAt?: Date;
};

/** The first sync's progress, for the page shown right after connecting. */
export async function getSyncProgress({ ctx, connectionId }: { ctx: TenantContext; connectionId: string }): Promise<SyncProgress> {
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      await getConnectionInTenant({ tx, tenantId: ctx.tenant.id, id: connectionId });
      const [run] = await tx
        .select()
        .from(schema.syncRuns)
        .where(and(eq(schema.syncRuns.tenantId, ctx.tenant.id), eq(schema.syncRuns.connectionId, connectionId), eq(schema.syncRuns.kind, "initial")))
        .orderBy(desc(schema.syncRuns.startedAt))
        .limit(1);
      const [resources] = await tx
        .select({ n: sql<number>`count(distinct (${schema.resources.kind}, ${schema.resources.resourceId}))::int` })
        .from(schema.resources)
        .where(and(eq(schema.resources.tenantId, ctx.tenant.id), eq(schema.resources.connectionId, connectionId), isNull(schema.resources.recordedTo)));
      const details = run?.details ?? {};
      const num = (key: string) => (typeof details[key] === "number" ? (details[key] as number) : 0);
      const state: SyncProgress["state"] = !run
        ? "pending"
        : run.status === "running"
          ? "running"
          : run.status === "failed"
            ? "failed"
            : "done";
      return {
        state,
        resourcesFound: resources?.n ?? 0,
        seriesFound: num("seriesFound"),
        pointsLoaded: num("pointsLoaded"),
        costsLoaded: details.costsLoaded === true,
        ...(run ? { startedAt: run.startedAt } : {}),
        ...(run?.finishedAt ? { finishedAt: run.finishedAt } : {}),
      };
    },
    { db: ctx.db },
  );
}
