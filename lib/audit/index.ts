import { schema, type Tx } from "@/lib/db";

export type AuditEntry = {
  tenantId: string;
  actorUserId?: string | null;
  action: string;
  target?: string | null;
  data?: Record<string, unknown>;
  ip?: string | null;
};

/** Written inside the transaction of the change it records, so one never happens without the other. */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.insert(schema.auditLog).values({
    tenantId: entry.tenantId,
    actorUserId: entry.actorUserId ?? null,
    action: entry.action,
    target: entry.target ?? null,
    data: entry.data ?? {},
    ip: entry.ip ?? null,
  });
}
