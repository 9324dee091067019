import { sql } from "drizzle-orm";
import { countFiringAlerts } from "@/lib/alerts";
import type { Panel } from "./types";

/*
 * Alert state has no "as known at" history to read here, so a past view still shows the alerts
 * firing now, and says so.
 */
export const alertsTile: Panel<"alerts"> = {
  needsTarget: null,
  load: async (args) => ({ available: true, firing: await countFiringAlerts(args.ctx), now: args.asOf !== undefined }),
};

export const lastSync: Panel<"last-sync"> = {
  needsTarget: null,
  async load(args) {
    const at = (args.asOf ?? args.now).toISOString();
    const connections = await args.tx.execute<{ id: string; name: string; status: string; last_error: string | null }>(sql`
      select id, name, status, last_error from aws_connections
       where tenant_id = app_current_tenant() and created_at <= ${at}::timestamptz
         and (disconnected_at is null or disconnected_at > ${at}::timestamptz)
       order by created_at`);
    const runs = await args.tx.execute<{ connection_id: string; kind: string; finished_at: string | null; status: string }>(sql`
      select distinct on (connection_id, kind) connection_id, kind, finished_at::text, status
        from sync_runs
       where tenant_id = app_current_tenant() and finished_at is not null and finished_at <= ${at}::timestamptz
       order by connection_id, kind, finished_at desc`);
    return {
      connections: connections.rows.map((c) => ({
        id: c.id,
        name: c.name,
        status: c.status,
        lastError: c.last_error,
        runs: runs.rows
          .filter((r) => r.connection_id === c.id)
          .map((r) => ({ kind: r.kind, finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null, status: r.status })),
      })),
    };
  },
};
