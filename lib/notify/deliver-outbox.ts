import { and, asc, eq, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import type { Keyring } from "@/lib/crypto";
import { schema, withTenant, type Db } from "@/lib/db";
import { logger } from "@/lib/log";
import { channelTarget, FLAG_AFTER_FAILURES, type ChannelRow } from "./channel-queries";
import { CHANNELS } from "./channels/registry";
import { DeliveryError, type NotifyDeps } from "./channels/types";
import { notifyMembers } from "./in-app";
import { AlertMessage } from "./message";

/*
 * Delivery of the outbox, per tenant. A channel is claimed by moving its `retry_at` past the
 * lease (an UPDATE that a second worker re-checks after the row lock, so exactly one wins); its
 * pending messages then go out one by one in the order they were written, each marked sent in its
 * own commit. The first failure stops that channel: the message keeps its place, the channel backs
 * off exponentially, and later messages wait behind it — a channel that is down delays delivery,
 * it never drops or reorders it. If a worker dies mid-send the lease expires and the message is
 * sent again (at-least-once); receivers can drop the repeat by its idempotency key.
 */
export const LEASE_SECONDS = 120;
const BACKOFF_BASE_SECONDS = 15;
const BACKOFF_MAX_SECONDS = 30 * 60;

/** 15 s, 30 s, 1 min, … capped at 30 min, by consecutive failures. */
export function backoffSeconds(failures: number): number {
  return Math.min(BACKOFF_BASE_SECONDS * 2 ** Math.max(0, failures - 1), BACKOFF_MAX_SECONDS);
}

export type DeliveryReport = { sent: number; failed: number; channels: number };

export async function deliverOutbox({
  db,
  tenantId,
  keyring,
  deps,
  now = new Date(),
  perChannel = 100,
}: {
  db: Db;
  tenantId: string;
  /** A function is called only when a channel has something to send (a worker without channels needs no key). */
  keyring: Keyring | (() => Keyring);
  deps: NotifyDeps;
  now?: Date;
  perChannel?: number;
}): Promise<DeliveryReport> {
  const c = schema.alertChannels;
  const o = schema.alertOutbox;
  const leaseUntil = new Date(now.getTime() + LEASE_SECONDS * 1000);
  const claimed: ChannelRow[] = await withTenant(
    tenantId,
    (tx) =>
      tx
        .update(c)
        .set({ retryAt: leaseUntil })
        .where(
          and(
            eq(c.tenantId, tenantId),
            eq(c.enabled, true),
            sql`(${c.retryAt} is null or ${c.retryAt} <= ${now.toISOString()}::timestamptz)`,
            sql`exists (select 1 from alert_outbox o where o.tenant_id = ${c.tenantId} and o.channel_id = ${c.id} and o.status = 'pending')`,
          ),
        )
        .returning(),
    { db },
  );
  const report: DeliveryReport = { sent: 0, failed: 0, channels: claimed.length };
  await Promise.all(
    claimed.map(async (channel) => {
      let failure: string | null = null;
      try {
        const target = channelTarget(channel, typeof keyring === "function" ? keyring() : keyring);
        const messages = await withTenant(
          tenantId,
          (tx) =>
            tx
              .select()
              .from(o)
              .where(and(eq(o.tenantId, tenantId), eq(o.channelId, channel.id), eq(o.status, "pending")))
              .orderBy(asc(o.id))
              .limit(perChannel),
          { db },
        );
        for (const row of messages) {
          const message = AlertMessage.parse(row.payload);
          const impl = CHANNELS[channel.type];
          try {
            if (row.kind === "resolved") await impl.sendResolved(target, message, deps, row.idempotencyKey);
            else await impl.sendAlert(target, message, deps, row.idempotencyKey);
          } catch (error) {
            failure = error instanceof DeliveryError ? error.message : "unexpected error while sending";
            if (!(error instanceof DeliveryError)) logger.error({ err: error, channelId: channel.id }, "alert delivery failed unexpectedly");
            await withTenant(tenantId, (tx) => tx.update(o).set({ attempts: sql`${o.attempts} + 1`, lastError: failure }).where(and(eq(o.tenantId, tenantId), eq(o.id, row.id))), { db });
            report.failed++;
            break;
          }
          await withTenant(
            tenantId,
            (tx) => tx.update(o).set({ status: "sent", sentAt: new Date(), attempts: sql`${o.attempts} + 1`, lastError: null }).where(and(eq(o.tenantId, tenantId), eq(o.id, row.id), eq(o.status, "pending"))),
            { db },
          );
          report.sent++;
        }
      } catch (error) {
        failure = error instanceof Error && error.name === "DecryptionError" ? "the channel's secrets cannot be decrypted (encryption key changed?)" : "unexpected error while delivering";
        logger.error({ err: error, channelId: channel.id }, "alert delivery failed");
        report.failed++;
      }
      await settleChannel(db, tenantId, channel, failure, now);
    }),
  );
  return report;
}

/** Releases the channel's lease: health reset on success, backoff (and maybe a flag) on failure. */
async function settleChannel(db: Db, tenantId: string, channel: ChannelRow, failure: string | null, now: Date): Promise<void> {
  const c = schema.alertChannels;
  await withTenant(
    tenantId,
    async (tx) => {
      if (failure === null) {
        await tx
          .update(c)
          .set({ retryAt: null, consecutiveFailures: 0, flaggedAt: null, lastSuccessAt: now })
          .where(and(eq(c.tenantId, tenantId), eq(c.id, channel.id)));
        return;
      }
      const failures = channel.consecutiveFailures + 1;
      const flag = failures >= FLAG_AFTER_FAILURES && !channel.flaggedAt;
      await tx
        .update(c)
        .set({
          consecutiveFailures: failures,
          lastError: failure,
          lastFailureAt: now,
          retryAt: new Date(now.getTime() + backoffSeconds(failures) * 1000),
          ...(flag ? { flaggedAt: now } : {}),
        })
        .where(and(eq(c.tenantId, tenantId), eq(c.id, channel.id)));
      if (flag) {
        await notifyMembers(
          tx,
          tenantId,
          [{ title: `Notification channel "${channel.name}" is failing`, body: `${failures} deliveries in a row failed: ${failure}. Messages are kept and will be delivered once it works again.`, link: "/settings/channels", severity: "critical" }],
          { roles: ["owner", "admin"] },
        );
        await recordAudit(tx, { tenantId, action: "alert_channel.flagged", target: channel.id, data: { failures, error: failure } });
      }
    },
    { db },
  );
}

/** When the next delivery attempt is due for a tenant (the earliest channel backoff), if any. */
export async function nextDeliveryAt(db: Db, tenantId: string): Promise<Date | null> {
  return withTenant(
    tenantId,
    async (tx) => {
      const r = await tx.execute<{ at: string | null }>(sql`
        select min(c.retry_at) as at from alert_channels c
         where c.tenant_id = ${tenantId} and c.enabled
           and exists (select 1 from alert_outbox o where o.tenant_id = c.tenant_id and o.channel_id = c.id and o.status = 'pending')`);
      const at = r.rows[0]?.at;
      return at ? new Date(at) : null;
    },
    { db },
  );
}
