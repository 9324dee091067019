import { sql } from "drizzle-orm";
import { schema, withTenant, type Db } from "@/lib/db";
import { logger } from "@/lib/log";

const DAY_MS = 86_400_000;

/** Sync history kept per connection, whatever the plan: a run a minute per region adds up fast. */
export const SYNC_RUNS_RETENTION_DAYS = 30;
// Deleted in slices, each its own transaction, so the first run on a long history holds no lock for long.
const BATCH = 5_000;

/**
 * Deletes sync_runs rows started before the cutoff, except the newest row and the newest finished
 * row of each (connection, region, kind): connection health reads the last finished run of each
 * kind, the progress page the last initial sync, and the scheduler whether one ever started. A
 * row goes only when a newer finished row of its key exists, which keeps both. Per tenant, inside
 * its own withTenant; one tenant's failure is logged and the others proceed.
 */
export async function pruneSyncRuns({ db, now = new Date(), days = SYNC_RUNS_RETENTION_DAYS }: { db: Db; now?: Date; days?: number }): Promise<number> {
  const cutoff = new Date(now.getTime() - days * DAY_MS).toISOString();
  const tenants = await db.select({ id: schema.tenants.id }).from(schema.tenants);
  let deleted = 0;
  for (const { id } of tenants) {
    try {
      for (;;) {
        const n = await withTenant(
          id,
          async (tx) =>
            (
              await tx.execute(sql`
                delete from sync_runs d
                 where d.tenant_id = ${id}
                   and d.id in (
                     select r.id from sync_runs r
                      where r.tenant_id = ${id} and r.started_at < ${cutoff}::timestamptz
                        and exists (
                          select 1 from sync_runs n
                           where n.tenant_id = r.tenant_id and n.connection_id = r.connection_id
                             and n.region = r.region and n.kind = r.kind
                             and n.started_at > r.started_at and n.finished_at is not null)
                      limit ${BATCH})`)
            ).rowCount ?? 0,
          { db },
        );
        deleted += n;
        if (n < BATCH) break;
      }
    } catch (error) {
      logger.error({ err: error, tenantId: id }, "pruning sync history failed for a tenant");
    }
  }
  return deleted;
}

