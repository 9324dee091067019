import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { createApiKey } from "@/lib/api-keys";
import { backupDatabase, restoreDatabase } from "@/lib/backup";
import { createDb, schema, withTenant, type Db } from "@/lib/db";
import { databaseUrl } from "@/lib/db/embedded";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { seedTenantData } from "./api-v1-kit";
import { createTenant } from "./aws-test-kit";

/*
 * The suite's own server: the embedded PostgreSQL 15, which Debian's pg_dump 15 can dump
 * (.ci/run installs postgresql-client when missing). No skip: a machine that cannot back up fails here.
 */
const adminUrl = inject("pgAdminUrl");

let source: TestDatabase;
let targetUrl: string;
let target: Db;
let targetName: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "monitr-backup-"));

async function snapshot(db: Db) {
  const q = async (text: string) => (await db.execute(sql.raw(text))).rows;
  return {
    tenants: await q("select id, slug, name, plan, status, external_id from tenants order by id"),
    users: await q("select id, email, password_hash from users order by id"),
    memberships: await q("select tenant_id, user_id, role from memberships order by 1, 2"),
    apiKeys: await q("select tenant_id, id, prefix, key_hash, scope from api_keys order by 1, 2"),
    resources: await q("select tenant_id, id, resource_id, state, valid_from from resources order by 1, 2"),
    points: await q("select tenant_id, series_id, ts, value from metric_points order by 1, 2, 3"),
    rollups: await q("select count(*)::int as n, sum(sum)::float8 as s from metric_rollups_5m"),
    costs: await q("select tenant_id, id, amount from cost_records order by 1, 2"),
    audit: await q("select tenant_id, id, action from audit_log order by 1, 2"),
  };
}

describe("backup → restore", () => {
  beforeAll(async () => {
    source = await createTestDatabase(adminUrl);
    for (let i = 0; i < 2; i++) {
      const ctx = await createTenant(source.db);
      await seedTenantData(source.db, ctx);
      await createApiKey({ ctx, input: { name: `k${i}`, scope: "read" } });
    }
    targetName = `monitr_restore_${crypto.randomBytes(5).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${targetName}`);
    await admin.end();
    targetUrl = databaseUrl(adminUrl, targetName);
    target = createDb(targetUrl, { max: 2 });
  });
  afterAll(async () => {
    await target?.$client.end();
    await source?.drop();
    if (targetName) {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${targetName} WITH (FORCE)`);
      await admin.end();
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("restores a custom-format dump into a fresh database with the same rows, and row-level security intact", async () => {
    const before = await snapshot(source.db);
    expect(before.points.length).toBe(2 * 3 * 288);
    expect(before.apiKeys.length).toBe(2);
    const file = path.join(dir, "monitr.dump");
    const { bytes } = await backupDatabase({ url: source.url, file });
    expect(bytes).toBeGreaterThan(1000);
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe("PGDMP");

    await restoreDatabase({ url: targetUrl, file });
    expect(await snapshot(target)).toEqual(before);

    const tenantId = String((before.tenants[0] as { id: string }).id);
    const visible = await withTenant(tenantId, (tx) => tx.select().from(schema.resources), { db: target });
    expect(visible.length).toBe(3);
    expect(visible.every((r) => r.tenantId === tenantId)).toBe(true);

    await expect(restoreDatabase({ url: targetUrl, file })).rejects.toThrow(/not empty/);
  });
});
