import crypto from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import { roleAtLeast, type TenantContext } from "@/lib/auth/guard";
import { PLANS } from "@/lib/billing";
import { encryptSecret, type Keyring } from "@/lib/crypto";
import { schema, withTenant } from "@/lib/db";
import { ForbiddenError, PlanLimitError, UpstreamError } from "@/lib/http/errors";
import { parseInput } from "@/lib/http/validate";
import { tenantOrigin } from "@/lib/tenants";
import { channelPurpose, channelTarget, getChannelInTenant, toChannelView, type ChannelView } from "./channel-queries";
import { CHANNELS } from "./channels/registry";
import { DeliveryError, type NotifyDeps } from "./channels/types";
import { testMessage } from "./message";
import { ChannelBase, ChannelPatch } from "./schemas";

function requireAdmin(ctx: TenantContext): void {
  if (!roleAtLeast(ctx.actor.role, "admin")) throw new ForbiddenError("Only owners and admins can manage notification channels.");
}

/**
 * Creates a channel. The type's own fields are validated by its channel; secrets are encrypted
 * before they reach the database and come back once only where Monitr generated them (the
 * webhook signing secret), in `revealed`.
 */
export async function createChannel({ ctx, keyring, input }: { ctx: TenantContext; keyring: Keyring; input: unknown }): Promise<{ channel: ChannelView; revealed?: Record<string, string> }> {
  requireAdmin(ctx);
  const base = parseInput(ChannelBase, input);
  if (base.type === "pagerduty" && !PLANS[ctx.tenant.plan].limits.pagerDuty) {
    throw new PlanLimitError("PagerDuty is part of the Pro plan. Upgrade to Pro to page your on-call team.");
  }
  const prepared = CHANNELS[base.type].prepare(input);
  const id = crypto.randomUUID();
  const secrets = Object.keys(prepared.secrets).length ? encryptSecret(keyring, JSON.stringify(prepared.secrets), channelPurpose(ctx.tenant.id, id)) : null;
  const row = await withTenant(
    ctx.tenant.id,
    async (tx) => {
      const [created] = await tx
        .insert(schema.alertChannels)
        .values({ tenantId: ctx.tenant.id, id, type: base.type, name: base.name, config: prepared.config, secrets, createdBy: ctx.actor.userId })
        .returning();
      await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "alert_channel.created", target: id, data: { type: base.type, name: base.name } });
      return created!;
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
  return { channel: toChannelView(row, 0), ...(prepared.revealOnce ? { revealed: prepared.revealOnce } : {}) };
}

export async function updateChannel({ ctx, id, input }: { ctx: TenantContext; id: string; input: unknown }): Promise<ChannelView> {
  requireAdmin(ctx);
  const patch = parseInput(ChannelPatch, input);
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const row = await getChannelInTenant({ tx, tenantId: ctx.tenant.id, id });
      const config = { ...row.config };
      if (patch.to !== undefined) {
        if (row.type !== "email") throw new ForbiddenError("Only email channels have recipients.");
        Object.assign(config, CHANNELS.email.prepare({ to: patch.to }).config);
      }
      if (patch.channel !== undefined) {
        if (row.type !== "slack" || row.config.mode !== "bot") throw new ForbiddenError("Only Slack bot channels have a channel name.");
        config.channel = patch.channel;
      }
      const [updated] = await tx
        .update(schema.alertChannels)
        .set({
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
          config,
          // Re-enabling or editing a channel retries at once instead of waiting out the backoff.
          retryAt: null,
        })
        .where(and(eq(schema.alertChannels.tenantId, ctx.tenant.id), eq(schema.alertChannels.id, id)))
        .returning();
      await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "alert_channel.updated", target: id, data: { fields: Object.keys(patch) } });
      const [pending] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(schema.alertOutbox)
        .where(and(eq(schema.alertOutbox.tenantId, ctx.tenant.id), eq(schema.alertOutbox.channelId, id), eq(schema.alertOutbox.status, "pending")));
      return toChannelView(updated!, pending?.n ?? 0);
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}

/** Deletes a channel: its undelivered messages are cancelled and rules stop naming it. */
export async function deleteChannel({ ctx, id }: { ctx: TenantContext; id: string }): Promise<void> {
  requireAdmin(ctx);
  await withTenant(
    ctx.tenant.id,
    async (tx) => {
      const row = await getChannelInTenant({ tx, tenantId: ctx.tenant.id, id });
      await tx
        .update(schema.alertOutbox)
        .set({ status: "cancelled", lastError: "channel deleted" })
        .where(and(eq(schema.alertOutbox.tenantId, ctx.tenant.id), eq(schema.alertOutbox.channelId, id), eq(schema.alertOutbox.status, "pending")));
      await tx
        .update(schema.alertRules)
        .set({ channelIds: sql`array_remove(${schema.alertRules.channelIds}, ${id}::uuid)` })
        .where(and(eq(schema.alertRules.tenantId, ctx.tenant.id), sql`${id}::uuid = any(${schema.alertRules.channelIds})`));
      await tx.delete(schema.alertChannels).where(and(eq(schema.alertChannels.tenantId, ctx.tenant.id), eq(schema.alertChannels.id, id)));
      await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "alert_channel.deleted", target: id, data: { type: row.type, name: row.name } });
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}

/** "Send test": straight to the channel (not through the outbox), so the answer is immediate. */
export async function sendTestMessage({ ctx, keyring, deps, id, origin }: { ctx: TenantContext; keyring: Keyring; deps: NotifyDeps; id: string; origin: { appDomain: string; protocol: "http" | "https" } }): Promise<{ ok: true }> {
  requireAdmin(ctx);
  const row = await withTenant(ctx.tenant.id, (tx) => getChannelInTenant({ tx, tenantId: ctx.tenant.id, id }), { db: ctx.db });
  const now = new Date();
  const link = `${tenantOrigin(ctx.tenant.slug, origin.appDomain, origin.protocol)}/alerts`;
  try {
    await CHANNELS[row.type].test(channelTarget(row, keyring), testMessage({ slug: ctx.tenant.slug, name: ctx.tenant.name }, link, now), deps);
  } catch (error) {
    const reason = error instanceof DeliveryError ? error.message : "the channel could not be reached";
    throw new UpstreamError(`The test message was not delivered: ${reason}.`);
  }
  return { ok: true };
}
