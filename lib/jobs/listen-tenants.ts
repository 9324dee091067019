import pg from "pg";
import type { PgBoss } from "pg-boss";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { logger } from "@/lib/log";

const TenantId = z.uuid();

/**
 * LISTENs on a channel whose payload starts with a tenant id (`<tenantId>` or `<tenantId>:…`) and
 * calls `onTenant` for each notification. Its own connection, not the pool's: LISTEN holds it for
 * the worker's life. Stops with pg-boss or when `stop` is called.
 */
export async function listenForTenants(boss: PgBoss, db: Db, channel: string, onTenant: (tenantId: string) => Promise<unknown>): Promise<{ stop(): Promise<void> }> {
  const listener = new pg.Client({ connectionString: (db.$client.options as { connectionString?: string }).connectionString });
  listener.on("error", (error) => logger.warn({ err: { message: error.message }, channel }, "listener connection lost"));
  listener.on("notification", (message) => {
    const parsed = TenantId.safeParse(message.payload?.split(":")[0]);
    if (parsed.success) onTenant(parsed.data).catch((error: unknown) => logger.error({ err: error, channel }, "handling a notification failed"));
  });
  await listener.connect();
  await listener.query(`LISTEN ${channel}`);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await listener.end().catch(() => undefined);
  };
  boss.on("stopped", () => void stop());
  return { stop };
}
