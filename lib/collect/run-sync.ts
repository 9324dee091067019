import { and, eq, sql } from "drizzle-orm";
import { awsErrorCode, awsErrorMessage, deniedAction, isAccessDenied } from "@/lib/aws/aws-errors";
import type { RoleTarget } from "@/lib/aws/assume-role";
import { AssumeRoleError } from "@/lib/aws/assume-role";
import type { AwsConfig } from "@/lib/aws/config";
import type { Connection } from "@/lib/aws/connection-queries";
import { externalIdOf } from "@/lib/aws/external-id";
import { lockConnection, writeConnectionHealth } from "@/lib/aws/connection-health";
import { createCredentialStore } from "@/lib/aws/credential-store";
import { openSession, type AwsSession } from "@/lib/aws/session";
import type { Keyring } from "@/lib/crypto";
import { roleTarget } from "@/lib/aws/test-connection";
import { schema, withTenant, type Db } from "@/lib/db";
import { tryCollectionLock } from "./collection-lock";

/** `keyring` seals the role sessions the workers share; without one each process assumes roles on its own. */
export type CollectDeps = { db: Db; aws: AwsConfig; keyring?: Keyring };
export type SyncKind = "inventory" | "metrics" | "costs";
export type SyncTarget = { tenantId: string; connectionId: string; region: string; kind: SyncKind };

export type SyncContext = {
  deps: CollectDeps;
  connection: Connection;
  role: RoleTarget;
  session: AwsSession;
  /** Checked between steps; an aborted run stops where it is and keeps what it committed. */
  signal?: AbortSignal;
};

/**
 * What a collector reports: items written, permissions AWS denied (the rest was still collected),
 * details for the sync history, and `carry` for the next run of the same key (lib/aws/latest-runs).
 */
export type SyncOutcome = { items: number; denied: string[]; details?: Record<string, unknown>; carry?: Record<string, unknown> };

export type SyncResult = {
  status: "succeeded" | "partial" | "failed" | "skipped";
  runId?: string;
  apiCalls: number;
  items: number;
  error?: string;
  denied: string[];
  details: Record<string, unknown>;
  carry?: Record<string, unknown>;
};

/**
 * The permissions each kind of run exercises: a run that gets through clears them from
 * missing_permissions. The others the connect-time probes check (ec2:DescribeRegions,
 * ce:GetCostForecast, tag:GetResources) are cleared by re-testing the connection.
 */
const KIND_PERMISSIONS: Record<SyncKind, string[]> = {
  inventory: ["ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:DescribeAddresses", "eks:ListClusters", "eks:DescribeCluster", "eks:ListNodegroups", "eks:DescribeNodegroup"],
  metrics: ["cloudwatch:ListMetrics", "cloudwatch:GetMetricData"],
  costs: ["ce:GetCostAndUsage"],
};

export async function loadConnection(db: Db, target: Pick<SyncTarget, "tenantId" | "connectionId">): Promise<Connection | null> {
  return withTenant(
    target.tenantId,
    async (tx) => {
      const [row] = await tx
        .select()
        .from(schema.awsConnections)
        .where(and(eq(schema.awsConnections.tenantId, target.tenantId), eq(schema.awsConnections.id, target.connectionId)))
        .limit(1);
      return row ?? null;
    },
    { db },
  );
}

async function finishRun(db: Db, target: SyncTarget, runId: string, result: SyncResult): Promise<void> {
  await withTenant(
    target.tenantId,
    async (tx) => {
      const connection = await lockConnection(tx, target.tenantId, target.connectionId);
      await tx
        .update(schema.syncRuns)
        .set({
          status: result.status === "skipped" ? "failed" : result.status,
          finishedAt: new Date(),
          apiCalls: result.apiCalls,
          items: result.items,
          error: result.error ?? null,
          // Kept on the run so the connection's health can tell a denial (degraded) from a failure.
          details: result.denied.length ? { ...result.details, denied: result.denied } : result.details,
          carry: result.carry ?? {},
        })
        .where(and(eq(schema.syncRuns.tenantId, target.tenantId), eq(schema.syncRuns.id, runId)));
      if (!connection) return;
      // A run that got through proves the permissions it used; a failed one proves only what AWS denied.
      const kept =
        result.status === "failed" ? connection.missingPermissions : connection.missingPermissions.filter((p) => !KIND_PERMISSIONS[target.kind].includes(p));
      await writeConnectionHealth(tx, {
        tenantId: target.tenantId,
        connectionId: target.connectionId,
        regions: connection.regions,
        missing: [...kept, ...result.denied],
        current: { region: target.region, kind: target.kind },
      });
    },
    { db },
  );
}

/**
 * Starts a sync_runs row for a (tenant, connection, region, kind) whose lock the caller holds.
 * A row of the same key still `running` belonged to a worker that died (the lock proves nothing
 * else runs it): it is closed as interrupted first.
 */
export async function openRun(db: Db, target: Pick<SyncTarget, "tenantId" | "connectionId" | "region"> & { kind: SyncKind | "initial" }): Promise<string> {
  return withTenant(
    target.tenantId,
    async (tx) => {
      const s = schema.syncRuns;
      await tx
        .update(s)
        .set({ status: "failed", finishedAt: sql`now()`, error: "Interrupted: the worker stopped during this run." })
        .where(and(eq(s.tenantId, target.tenantId), eq(s.connectionId, target.connectionId), eq(s.region, target.region), eq(s.kind, target.kind), eq(s.status, "running")));
      const [row] = await tx
        .insert(s)
        .values({ tenantId: target.tenantId, connectionId: target.connectionId, region: target.region, kind: target.kind })
        .returning({ id: s.id });
      return row?.id ?? "";
    },
    { db },
  );
}

/**
 * One collection run: takes the (tenant, connection, region, kind) lock, writes a sync_runs row,
 * runs the collector with a counted AWS session, then records the outcome and the connection's
 * health. Rows of runs that died with their worker are closed when the next run takes the lock.
 * A run that fails for another reason than a denied permission rethrows, so the queue retries it.
 */
export async function runSync(
  deps: CollectDeps,
  target: SyncTarget,
  work: (ctx: SyncContext) => Promise<SyncOutcome>,
  options: { signal?: AbortSignal; rethrow?: boolean } = {},
): Promise<SyncResult> {
  const skipped: SyncResult = { status: "skipped", apiCalls: 0, items: 0, denied: [], details: {} };
  const connection = await loadConnection(deps.db, target);
  if (!connection || connection.disconnectedAt) return skipped;
  const lock = await tryCollectionLock(deps.db, `${target.tenantId}:${target.connectionId}:${target.region}:${target.kind}`);
  if (!lock) return skipped;
  let session: AwsSession | undefined;
  try {
    const runId = await openRun(deps.db, target);
    const role = roleTarget(target.tenantId, connection.roleArn, await externalIdOf(deps.db, target.tenantId));
    const store = deps.keyring ? createCredentialStore(deps.db, target.tenantId, deps.keyring) : undefined;
    session = openSession(deps.aws, role, target.region, undefined, store);
    let result: SyncResult;
    let failure: unknown;
    try {
      const outcome = await work({ deps, connection, role, session, ...(options.signal ? { signal: options.signal } : {}) });
      result = {
        status: outcome.denied.length ? "partial" : "succeeded",
        runId,
        apiCalls: session.counter.total,
        items: outcome.items,
        denied: outcome.denied,
        details: { ...outcome.details, apiCallsByAction: session.counter.byAction },
        ...(outcome.carry ? { carry: outcome.carry } : {}),
        ...(outcome.denied.length ? { error: `Missing permissions: ${outcome.denied.join(", ")}` } : {}),
      };
    } catch (error) {
      failure = error;
      const denied = isAccessDenied(error) ? [deniedAction(error, KIND_PERMISSIONS[target.kind][0] ?? "unknown")] : [];
      const message = error instanceof AssumeRoleError ? error.reason : `${awsErrorCode(error)}: ${awsErrorMessage(error)}`;
      result = { status: "failed", runId, apiCalls: session.counter.total, items: 0, error: message, denied, details: { apiCallsByAction: session.counter.byAction } };
    }
    await finishRun(deps.db, target, runId, result);
    if (failure !== undefined && result.denied.length === 0 && options.rethrow !== false) throw failure;
    return result;
  } finally {
    session?.close();
    await lock.release();
  }
}
