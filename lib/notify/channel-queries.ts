import { and, eq, sql } from "drizzle-orm";
import type { TenantContext } from "@/lib/auth/guard";
import { decryptSecret, type Keyring } from "@/lib/crypto";
import { schema, withTenant, type Tx } from "@/lib/db";
import { NotFoundError } from "@/lib/http/errors";
import type { ChannelType } from "./channels/registry";
import type { ChannelTarget } from "./channels/types";

export type ChannelRow = typeof schema.alertChannels.$inferSelect;

/** What the API and UI see of a channel: never its secrets, only masked hints in `config`. */
export type ChannelView = {
  id: string;
  type: ChannelType;
  name: string;
  enabled: boolean;
  config: Record<string, unknown>;
  health: "ok" | "failing" | "flagged";
  consecutiveFailures: number;
  lastError: string | null;
  lastFailureAt: Date | null;
  lastSuccessAt: Date | null;
  retryAt: Date | null;
  flaggedAt: Date | null;
  pending: number;
  createdAt: Date;
};

/** After this many failed deliveries in a row a channel is flagged to the workspace's admins. */
export const FLAG_AFTER_FAILURES = 5;

export function channelPurpose(tenantId: string, channelId: string): string {
  return `alert_channel:${tenantId}:${channelId}`;
}

export function toChannelView(row: ChannelRow, pending: number): ChannelView {
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    enabled: row.enabled,
    config: row.config,
    health: row.flaggedAt ? "flagged" : row.consecutiveFailures > 0 ? "failing" : "ok",
    consecutiveFailures: row.consecutiveFailures,
    lastError: row.lastError,
    lastFailureAt: row.lastFailureAt,
    lastSuccessAt: row.lastSuccessAt,
    retryAt: row.consecutiveFailures > 0 ? row.retryAt : null,
    flaggedAt: row.flaggedAt,
    pending,
    createdAt: row.createdAt,
  };
}

export async function getChannelInTenant({ tx, tenantId, id }: { tx: Tx; tenantId: string; id: string }): Promise<ChannelRow> {
  const c = schema.alertChannels;
  const [row] = await tx.select().from(c).where(and(eq(c.tenantId, tenantId), eq(c.id, id)));
  if (!row) throw new NotFoundError("No such channel.");
  return row;
}

async function pendingCounts(tx: Tx, tenantId: string): Promise<Map<string, number>> {
  const o = schema.alertOutbox;
  const rows = await tx
    .select({ channelId: o.channelId, n: sql<number>`count(*)::int` })
    .from(o)
    .where(and(eq(o.tenantId, tenantId), eq(o.status, "pending")))
    .groupBy(o.channelId);
  return new Map(rows.map((r) => [r.channelId, r.n]));
}

export async function listChannels(ctx: TenantContext): Promise<ChannelView[]> {
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const rows = await tx.select().from(schema.alertChannels).where(eq(schema.alertChannels.tenantId, ctx.tenant.id)).orderBy(schema.alertChannels.createdAt);
      const pending = await pendingCounts(tx, ctx.tenant.id);
      return rows.map((row) => toChannelView(row, pending.get(row.id) ?? 0));
    },
    { db: ctx.db },
  );
}

export async function getChannel(ctx: TenantContext, id: string): Promise<ChannelView> {
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const row = await getChannelInTenant({ tx, tenantId: ctx.tenant.id, id });
      return toChannelView(row, (await pendingCounts(tx, ctx.tenant.id)).get(id) ?? 0);
    },
    { db: ctx.db },
  );
}

/** The channel with its secrets decrypted, for sending only. */
export function channelTarget(row: ChannelRow, ring: Keyring): ChannelTarget {
  const secrets = row.secrets ? (JSON.parse(decryptSecret(ring, row.secrets, channelPurpose(row.tenantId, row.id))) as Record<string, string>) : {};
  return { id: row.id, name: row.name, config: row.config, secrets };
}
