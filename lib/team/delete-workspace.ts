import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { TenantContext } from "@/lib/auth/guard";
import { enterTenant, schema, sqlState, type Tx } from "@/lib/db";
import { ValidationError } from "@/lib/http/errors";
import { parseInput } from "@/lib/http/validate";
import { logger } from "@/lib/log";
import { requirePermission } from "./permissions";

export const DeleteWorkspaceInput = z.object({ confirm: z.string({ error: "Type the workspace's subdomain to confirm." }).trim().toLowerCase() });
export type DeleteWorkspaceInput = z.infer<typeof DeleteWorkspaceInput>;

export type DeleteHooks = {
  /** Called before anything is deleted; e.g. cancel the Stripe subscription (a failure aborts the delete). */
  beforeDelete?: (tenant: TenantContext["tenant"]) => Promise<void>;
};

/** Every table holding tenant rows (partitions are reached through their parent). */
async function tenantTables(tx: Tx): Promise<string[]> {
  const rows = await tx.execute<{ relname: string }>(sql`
    select c.relname from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
     where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
     order by c.relname`);
  return rows.rows.map((r) => r.relname);
}

/**
 * Deletes the workspace and everything it owns, in one transaction: every tenant table is emptied
 * of its rows through the application role (row-level security guarantees no other tenant's row
 * can be touched), in as many passes as foreign keys between them need; then the tenant row goes.
 * Collection stops with it: the scheduler only schedules existing tenants' connections.
 */
export async function deleteWorkspace({ ctx, input, hooks = {} }: { ctx: TenantContext; input: unknown; hooks?: DeleteHooks }): Promise<{ rowsDeleted: number }> {
  requirePermission(ctx, "workspace.delete");
  const { confirm } = parseInput(DeleteWorkspaceInput, input);
  if (confirm !== ctx.tenant.slug) {
    throw new ValidationError("The confirmation does not match.", { confirm: `Type ${ctx.tenant.slug} to confirm.` });
  }
  await hooks.beforeDelete?.(ctx.tenant);
  const rowsDeleted = await ctx.db.transaction(async (tx) => {
    await enterTenant(tx, ctx.tenant.id, ctx.actor.userId);
    // Stop collection first, so a sync that is mid-flight sees the connection gone.
    await tx.execute(sql`update aws_connections set disconnected_at = now() where tenant_id = ${ctx.tenant.id} and disconnected_at is null`);
    let pending = await tenantTables(tx);
    let total = 0;
    while (pending.length) {
      const blocked: string[] = [];
      for (const table of pending) {
        try {
          total += await tx.transaction(async (sp) => {
            const result = await sp.execute(sql`delete from ${sql.identifier(table)} where tenant_id = ${ctx.tenant.id}`);
            return result.rowCount ?? 0;
          });
        } catch (error) {
          // 23503: another tenant table still references these rows; retry after it is emptied.
          if (sqlState(error) !== "23503") throw error;
          blocked.push(table);
        }
      }
      if (blocked.length === pending.length) throw new Error(`cannot delete tenant rows from ${blocked.join(", ")}: circular references`);
      pending = blocked;
    }
    await tx.execute(sql`reset role`);
    await tx.delete(schema.tenants).where(eq(schema.tenants.id, ctx.tenant.id));
    return total;
  });
  logger.info({ tenant: ctx.tenant.slug, tenantId: ctx.tenant.id, by: ctx.actor.userId, rowsDeleted }, "workspace deleted");
  return { rowsDeleted };
}
