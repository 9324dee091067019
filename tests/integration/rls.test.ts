import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema, sqlState, withTenant, withUser } from "@/lib/db";
import { migrateDatabase } from "@/lib/db/migrate";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";

let t: TestDatabase;
let tenantA: string;
let tenantB: string;
let userA: string;

beforeAll(async () => {
  t = await createTestDatabase();
  const [a] = await t.db.insert(schema.tenants).values({ slug: "acme", name: "Acme" }).returning();
  const [b] = await t.db.insert(schema.tenants).values({ slug: "globex", name: "Globex" }).returning();
  tenantA = a.id;
  tenantB = b.id;
  const [u] = await t.db.insert(schema.users).values({ email: "a@acme.test", name: "A", passwordHash: "x" }).returning();
  const [v] = await t.db.insert(schema.users).values({ email: "b@globex.test", name: "B", passwordHash: "x" }).returning();
  userA = u.id;
  await withTenant(tenantA, (tx) => tx.insert(schema.memberships).values({ tenantId: tenantA, userId: u.id, role: "owner" }), { db: t.db });
  await withTenant(tenantB, (tx) => tx.insert(schema.memberships).values({ tenantId: tenantB, userId: v.id, role: "owner" }), { db: t.db });
  for (const id of [tenantA, tenantB]) {
    await withTenant(id, (tx) => tx.insert(schema.auditLog).values({ tenantId: id, action: "test.seed" }), { db: t.db });
  }
});
afterAll(() => t?.drop());

describe("row-level security through withTenant", () => {
  it("sees only the current tenant's rows even without a WHERE clause", async () => {
    const rows = await withTenant(tenantA, (tx) => tx.select().from(schema.auditLog), { db: t.db });
    expect(rows).toHaveLength(1);
    expect(rows[0].tenantId).toBe(tenantA);
    const members = await withTenant(tenantB, (tx) => tx.select().from(schema.memberships), { db: t.db });
    expect(members.map((m) => m.tenantId)).toEqual([tenantB]);
  });

  it("refuses to insert a row carrying another tenant's id", async () => {
    const error = await withTenant(tenantA, (tx) => tx.insert(schema.auditLog).values({ tenantId: tenantB, action: "x" }), { db: t.db }).catch((e) => e);
    expect(sqlState(error)).toBe("42501");
    const count = await withTenant(tenantB, (tx) => tx.select().from(schema.auditLog), { db: t.db });
    expect(count).toHaveLength(1);
  });

  it("cannot move a row to another tenant or touch another tenant's rows", async () => {
    const updated = await withTenant(tenantA, (tx) => tx.update(schema.auditLog).set({ action: "hijack" }).where(sql`tenant_id = ${tenantB}`).returning(), { db: t.db });
    expect(updated).toHaveLength(0);
    const error = await withTenant(tenantA, (tx) => tx.update(schema.auditLog).set({ tenantId: tenantB }).returning(), { db: t.db }).catch((e) => e);
    expect(sqlState(error)).toBe("42501");
  });

  it("shows nothing to a query that names no tenant", async () => {
    const rows = await t.db.transaction(async (tx) => {
      await tx.execute(sql`set local role monitr_app`);
      return tx.select().from(schema.auditLog);
    });
    expect(rows).toHaveLength(0);
    // The owner role is subject to the policies too (FORCE ROW LEVEL SECURITY) unless superuser.
    const forced = await t.db.execute(sql`select count(*)::int as n from pg_class where relname in ('audit_log','memberships','login_handoffs') and relforcerowsecurity`);
    expect(forced.rows[0]).toEqual({ n: 3 });
  });

  it("forces row-level security on every table that has a tenant_id column", async () => {
    const result = await t.db.execute(sql`
      select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id'
      where n.nspname = 'public' and c.relkind in ('r','p')
        and not (c.relrowsecurity and c.relforcerowsecurity
                 and exists (select 1 from pg_policies p where p.tablename = c.relname and p.policyname = 'tenant_isolation'))`);
    expect(result.rows).toEqual([]);
  });

  it("tests the tenant once per statement, and rewrites a policy of the older per-row form on the next migration", async () => {
    const perRow = sql`select tablename, qual, with_check from pg_policies where policyname = 'tenant_isolation' and (qual not like '%SELECT app_current_tenant()%' or with_check not like '%SELECT app_current_tenant()%')`;
    expect((await t.db.execute(perRow)).rows).toEqual([]);
    await t.db.execute(sql`alter policy tenant_isolation on audit_log using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant())`);
    expect((await t.db.execute(perRow)).rows.map((r) => r.tablename)).toEqual(["audit_log"]);
    await migrateDatabase(t.url);
    expect((await t.db.execute(perRow)).rows).toEqual([]);
    // Still isolating after the rewrite.
    const rows = await withTenant(tenantB, (tx) => tx.select().from(schema.auditLog), { db: t.db });
    expect(rows.map((r) => r.tenantId)).toEqual([tenantB]);
  });

  it("hides password hashes and other tenants' users from the application role", async () => {
    const users = await withTenant(tenantA, (tx) => tx.execute(sql`select email from users`), { db: t.db });
    expect(users.rows).toEqual([{ email: "a@acme.test" }]);
    const error = await withTenant(tenantA, (tx) => tx.execute(sql`select password_hash from users`), { db: t.db }).catch((e) => e);
    expect(sqlState(error)).toBe("42501");
  });

  it("lets a user list only their own memberships across tenants", async () => {
    const rows = await withUser(userA, (tx) => tx.select().from(schema.memberships), { db: t.db });
    expect(rows.map((r) => r.tenantId)).toEqual([tenantA]);
  });
});
