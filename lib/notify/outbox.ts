import { schema, type Tx } from "@/lib/db";
import type { OUTBOX_KINDS } from "@/db/tables/alerts";
import type { AlertMessage } from "./message";

export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export type OutboxEntry = {
  /** Unique per (rule, resource, transition, channel): a replay inserts nothing. */
  idempotencyKey: string;
  channelId: string;
  ruleId: string;
  resourceId: string;
  kind: OutboxKind;
  message: AlertMessage;
};

/**
 * Writes notifications into the outbox inside the caller's transaction — the one that records the
 * state change — so a change is never committed without its messages, nor a message without its
 * change. Returns how many were new.
 */
export async function enqueueNotifications(tx: Tx, tenantId: string, entries: OutboxEntry[], now: Date): Promise<number> {
  if (entries.length === 0) return 0;
  const inserted = await tx
    .insert(schema.alertOutbox)
    .values(
      entries.map((e) => ({
        tenantId,
        idempotencyKey: e.idempotencyKey,
        channelId: e.channelId,
        ruleId: e.ruleId,
        resourceId: e.resourceId,
        kind: e.kind,
        payload: e.message as unknown as Record<string, unknown>,
        createdAt: now,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: schema.alertOutbox.id });
  return inserted.length;
}
