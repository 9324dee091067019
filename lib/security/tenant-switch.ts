import { sql } from "drizzle-orm";
import { recordAudit, type AuditEntry } from "@/lib/audit";
import type { Tx } from "@/lib/db";

/**
 * Account-wide changes (password, sessions everywhere) are audited in every workspace they touch,
 * inside the one transaction that makes the change. The transaction already runs as the
 * application role; this points app.tenant_id at each workspace in turn so RLS admits the row.
 */
export async function auditInTenant(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.execute(sql`select set_config('app.tenant_id', ${entry.tenantId}, true)`);
  await recordAudit(tx, entry);
}

/** Drops to the application role as this user with no tenant selected (like withUser, inside an open transaction). */
export async function enterUser(tx: Tx, userId: string): Promise<void> {
  await tx.execute(sql`select set_config('app.tenant_id', '', true), set_config('app.user_id', ${userId}, true)`);
  await tx.execute(sql`set local role monitr_app`);
}

/** The workspaces this user belongs to, read through their own-memberships policy (after enterUser). */
export async function memberTenantIds(tx: Tx, userId: string): Promise<string[]> {
  const rows = await tx.execute<{ tenant_id: string }>(sql`select tenant_id from memberships where user_id = ${userId}`);
  return rows.rows.map((r) => r.tenant_id);
}
