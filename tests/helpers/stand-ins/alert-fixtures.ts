import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import { alertMetric, type Origin } from "@/lib/alerts";
import { parseKeyring } from "@/lib/crypto";
import { schema, withTenant, type Db } from "@/lib/db";
import { upsertSeries, writePoints } from "@/lib/metrics";

/** Fixtures for alert tests: inventory rows, series and points written through the real store. */
export const ORIGIN: Origin = { appDomain: "localhost:3999", protocol: "http" };
export const TEST_KEYRING = parseKeyring(`k1:${crypto.randomBytes(32).toString("base64")}`);
export const MINUTE = 60_000;

/** An hour boundary well in the past, so every tick grid (1 min … 1 h) is aligned to it. */
export const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);

export async function addResource(
  db: Db,
  tenantId: string,
  r: { connectionId: string; kind?: "ec2_instance" | "eks_cluster"; id: string; name?: string; state?: string; tags?: Record<string, string> },
): Promise<void> {
  await withTenant(tenantId, (tx) =>
    tx.insert(schema.resources).values({
      tenantId,
      connectionId: r.connectionId,
      region: "us-east-1",
      kind: r.kind ?? "ec2_instance",
      resourceId: r.id,
      name: r.name ?? r.id,
      state: r.state ?? "running",
      tags: r.tags ?? {},
      validFrom: new Date(T0 - 30 * 86_400_000),
      recordedFrom: new Date(T0 - 30 * 86_400_000),
    }),
  { db });
}

export async function setResourceState(db: Db, tenantId: string, id: string, state: string): Promise<void> {
  await withTenant(tenantId, (tx) => tx.update(schema.resources).set({ state }).where(and(eq(schema.resources.tenantId, tenantId), eq(schema.resources.resourceId, id))), { db });
}

/** A series of a catalogue metric for one resource (extra dimensions make a second series, e.g. another disk). */
export async function addSeries(db: Db, tenantId: string, s: { connectionId: string; resourceId: string; metric: string; dimensions?: Record<string, string> }): Promise<number> {
  const metric = alertMetric(s.metric);
  if (!metric) throw new Error(`unknown metric ${s.metric}`);
  const [row] = await withTenant(
    tenantId,
    (tx) =>
      upsertSeries(tx, tenantId, [
        {
          connectionId: s.connectionId,
          region: "us-east-1",
          resourceKind: metric.kind,
          resourceId: s.resourceId,
          namespace: metric.namespace,
          metric: metric.metric,
          dimensions: { Resource: s.resourceId, ...(s.dimensions ?? {}) },
          stat: "Average",
          unit: metric.unit,
          periodSeconds: metric.periodSeconds,
        },
      ]),
    { db },
  );
  return row!.id;
}

/** Points at T0 + minute offsets. */
export async function writeAt(db: Db, tenantId: string, seriesId: number, values: [minute: number, value: number][]): Promise<void> {
  if (values.length === 0) return;
  await withTenant(tenantId, (tx) => writePoints(tx, tenantId, values.map(([minute, value]) => ({ seriesId, ts: new Date(T0 + minute * MINUTE), value }))), { db });
}

export const at = (minute: number) => new Date(T0 + minute * MINUTE);
