import { sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import { withTenant, type Db } from "@/lib/db";
import { listWorkspaces, type Workspace } from "@/lib/tenants";
import { verifyAgainstDummy, verifyPassword } from "./password";

export type AuthUser = { id: string; email: string; name: string };

/** Email and password, checked in constant-ish time whether or not the account exists. */
export async function verifyCredentials(db: Db, email: string, password: string): Promise<AuthUser | null> {
  const result = await db.execute<{ id: string; email: string; name: string; password_hash: string }>(
    sql`select id, email, name, password_hash from users where lower(email) = ${email.toLowerCase()} limit 1`,
  );
  const row = result.rows[0];
  if (!row) {
    await verifyAgainstDummy(password);
    return null;
  }
  if (!(await verifyPassword(row.password_hash, password))) return null;
  return { id: row.id, email: row.email, name: row.name };
}

/** Sign-in on a tenant's subdomain: valid credentials AND a membership in that tenant. */
export async function authenticateForTenant(
  db: Db,
  args: { tenantId: string; email: string; password: string; ip?: string | null },
): Promise<AuthUser | null> {
  const user = await verifyCredentials(db, args.email, args.password);
  const member = user
    ? await withTenant(args.tenantId, async (tx) => (await tx.execute(sql`select 1 from memberships where user_id = ${user.id}`)).rows.length > 0, { db })
    : false;
  await withTenant(
    args.tenantId,
    (tx) =>
      recordAudit(tx, {
        tenantId: args.tenantId,
        actorUserId: member ? user!.id : null,
        action: member ? "auth.login" : "auth.login_failed",
        target: args.email,
        ip: args.ip,
      }),
    { db },
  );
  return member ? user : null;
}

/** Log-in from the root domain: which workspaces may this person enter? */
export async function findWorkspacesForLogin(db: Db, email: string, password: string): Promise<{ user: AuthUser; workspaces: Workspace[] } | null> {
  const user = await verifyCredentials(db, email, password);
  if (!user) return null;
  return { user, workspaces: await listWorkspaces(db, user.id) };
}
