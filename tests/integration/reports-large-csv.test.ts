import { spawn } from "node:child_process";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantContext } from "@/lib/auth/guard";
import { withTenant } from "@/lib/db";
import { ensurePartitions, upsertSeries } from "@/lib/metrics";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { createTenant } from "./aws-test-kit";
import { seedInventory } from "./dashboards-kit";

/*
 * A 30-day, 1-minute export of 100 instances (4.32 million rows, ~280 MB of CSV) streams from
 * server-side cursors: the exporting process's peak resident memory (VmHWM) is the same as for a
 * 1-day export, and far below the size of the file.
 */
const DAY = 86_400_000;
const RESOURCES = 100;
const DAYS = 30;
const end = Math.floor(Date.now() / DAY) * DAY - DAY;
const start = end - DAYS * DAY;

let t: TestDatabase;
let owner: TenantContext;
let seriesIds: number[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  owner = await createTenant(t.db);
  const ids = Array.from({ length: RESOURCES }, (_, i) => `i-${String(i).padStart(8, "0")}`);
  const connection = await seedInventory(t.db, owner, ids.map((id, i) => ({ id, name: `node-${i}` })), new Date(start - DAY));
  const rows = await withTenant(
    owner.tenant.id,
    (tx) => upsertSeries(tx, owner.tenant.id, ids.map((id) => ({ connectionId: connection.id, region: "us-east-1", resourceKind: "ec2_instance", resourceId: id, namespace: "AWS/EC2", metric: "CPUUtilization", dimensions: { InstanceId: id }, stat: "Average", unit: "Percent", periodSeconds: 60 }))),
    { db: t.db },
  );
  seriesIds = rows.map((r) => r.id);
  await ensurePartitions(t.db, new Date(start), new Date(end));
  // Bulk-loaded as the owner (faster than writePoints for 4.3 M points); the export reads them like any others.
  for (let day = start; day < end; day += DAY) {
    await t.db.execute(sql`
      insert into metric_points (tenant_id, series_id, ts, value)
      select ${owner.tenant.id}::uuid, s.id, g.ts, round(((s.id * 37 + extract(epoch from g.ts)::bigint / 60) % 1000)::numeric / 10, 1)::float8
        from unnest(${sql.param(seriesIds)}::int8[]) s(id)
       cross join generate_series(${new Date(day).toISOString()}::timestamptz, ${new Date(day + DAY - 60_000).toISOString()}::timestamptz, interval '1 minute') g(ts)`);
  }
}, 900_000);

afterAll(async () => {
  await t?.drop();
});

type ChildResult = { rows: number; bytes: number; seconds: number; peakRssMb: number };

const HEAP_CAP_MB = 160;

/** Runs the export in its own process (`node --import tsx`), capped at a 160 MB heap, and returns what it measured. */
function exportInChild(days: number): Promise<ChildResult> {
  const to = start + days * DAY;
  const request = {
    kind: "metrics",
    format: "csv",
    range: { preset: "custom", from: new Date(start).toISOString(), to: new Date(to).toISOString() },
    source: { by: "resources", resourceKind: "ec2_instance", resourceIds: Array.from({ length: RESOURCES }, (_, i) => `i-${String(i).padStart(8, "0")}`) },
    resolution: "raw",
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_CAP_MB}`, "--import", "tsx", path.resolve("tests/integration/reports-export-child.ts")], {
      env: { ...process.env, DATABASE_URL: t.url, TENANT_ID: owner.tenant.id, USER_ID: owner.actor.userId, REQUEST: JSON.stringify(request), FROM: new Date(start).toISOString(), TO: new Date(to).toISOString(), LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.on("exit", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (code !== 0 || !line.startsWith("{")) reject(new Error(`export child exited with ${code}: ${out.slice(-500)}`));
      else resolve(JSON.parse(line) as ChildResult);
    });
  });
}

describe("large CSV export", () => {
  it("streams 30 days × 1 minute × 100 instances with the same peak memory as a 1-day export", async () => {
    const small = await exportInChild(1);
    const large = await exportInChild(DAYS);
    console.log(`large CSV: ${large.rows} rows, ${(large.bytes / 1024 / 1024).toFixed(0)} MB in ${large.seconds.toFixed(1)} s (${Math.round(large.rows / large.seconds)} rows/s), peak RSS ${large.peakRssMb.toFixed(0)} MB; 1-day export: ${small.rows} rows, peak RSS ${small.peakRssMb.toFixed(0)} MB`);
    expect(small.rows).toBe(RESOURCES * 1440);
    expect(large.rows).toBe(RESOURCES * DAYS * 1440);
    expect(large.bytes).toBeGreaterThan(250 * 1024 * 1024);
    // 30 times the rows, (nearly) the same peak: memory does not grow with the export. The
    // export itself is larger than the child's whole heap cap, so it cannot have been buffered.
    // (Peak RSS, ~280 MB, also counts the code and native memory of Node, tsx and pg, so it is not
    // compared with the file size.)
    expect(large.peakRssMb).toBeLessThan(small.peakRssMb + 60);
    expect(large.bytes).toBeGreaterThan(HEAP_CAP_MB * 1024 * 1024 * 1.5);
  }, 900_000);
});
