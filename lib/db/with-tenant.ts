import { sql } from "drizzle-orm";
import { getDb, type Db, type Tx } from "./client";

/*
 * The one path to tenant data. It opens a transaction, names the tenant (and optionally the
 * acting user) in transaction-local settings, and drops to the `monitr_app` role, which is
 * subject to the row-level-security policies in db/rls.sql. A query that forgets its WHERE
 * clause therefore sees only this tenant's rows, and writing another tenant's id fails.
 */
export async function enterTenant(tx: Tx, tenantId: string, userId?: string): Promise<void> {
  // set_config('role', …, true) is SET LOCAL ROLE (the same checks), in the same round trip.
  await tx.execute(
    sql`select set_config('app.tenant_id', ${tenantId}, true), set_config('app.user_id', ${userId ?? ""}, true), set_config('role', 'monitr_app', true)`,
  );
}

export async function withTenant<T>(
  tenantId: string,
  fn: (tx: Tx) => Promise<T>,
  options: { userId?: string; db?: Db } = {},
): Promise<T> {
  const db = options.db ?? getDb();
  return db.transaction(async (tx) => {
    await enterTenant(tx, tenantId, options.userId);
    return fn(tx);
  });
}

/** A user's own rows across tenants (their memberships), with no tenant selected. */
export async function withUser<T>(userId: string, fn: (tx: Tx) => Promise<T>, options: { db?: Db } = {}): Promise<T> {
  const db = options.db ?? getDb();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', '', true), set_config('app.user_id', ${userId}, true)`);
    await tx.execute(sql`set local role monitr_app`);
    return fn(tx);
  });
}
