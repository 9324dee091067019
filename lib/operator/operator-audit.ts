import { schema, type Tx } from "@/lib/db";

export type OperatorAuditEntry = { operatorEmail: string; action: string; subjectTenantId?: string | null; data?: Record<string, unknown>; ip?: string | null };

/** The operator's side of the trail, in the same transaction as the change. */
export async function recordOperatorAudit(tx: Tx, entry: OperatorAuditEntry): Promise<void> {
  await tx.insert(schema.operatorAudit).values({
    operatorEmail: entry.operatorEmail,
    action: entry.action,
    subjectTenantId: entry.subjectTenantId ?? null,
    data: entry.data ?? {},
    ip: entry.ip ?? null,
  });
}
