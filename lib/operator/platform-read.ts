import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/lib/db";

/**
 * Cross-tenant reads for platform operations (operator console, Prometheus gauges): a
 * transaction in the read-only `monitr_ops` role (migrations 0006 and 0011), which may SELECT a
 * few tables across tenants and write nothing. Tenant data is still never written outside
 * withTenant().
 */
export async function withPlatformRead<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set transaction read only`);
    await tx.execute(sql`select set_config('app.tenant_id', '', true), set_config('app.user_id', '', true)`);
    await tx.execute(sql`set local role monitr_ops`);
    return fn(tx);
  });
}
