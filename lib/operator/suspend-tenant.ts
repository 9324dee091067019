import { eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import { enterTenant, schema, type Db } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/http/errors";
import { recordOperatorAudit } from "./operator-audit";
import type { Operator } from "./operator-session";

/**
 * Suspends or reactivates a workspace. Suspended: its pages show a "suspended" notice, its API keys
 * answer 403, and the scheduler enqueues no collection for it. Both audit trails (the operator's
 * and the workspace's) are written in the same transaction as the change.
 */
export async function setTenantStatus({
  db,
  operator,
  tenantId,
  status,
  reason,
  ip,
}: {
  db: Db;
  operator: Operator;
  tenantId: string;
  status: "active" | "suspended";
  reason: string;
  ip?: string | null;
}): Promise<void> {
  const why = reason.trim();
  if (status === "suspended" && why.length < 3) throw new ValidationError("Say why the workspace is suspended.", { reason: "Give a reason (it is audited)." });
  if (!/^[0-9a-f-]{36}$/i.test(tenantId)) throw new NotFoundError("No such workspace.");
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(schema.tenants).where(eq(schema.tenants.id, tenantId)).for("update");
    if (!before) throw new NotFoundError("No such workspace.");
    if (before.status === status) return;
    await tx.update(schema.tenants).set({ status }).where(eq(schema.tenants.id, tenantId));
    const action = status === "suspended" ? "tenant.suspended" : "tenant.unsuspended";
    await recordOperatorAudit(tx, { operatorEmail: operator.email, action, subjectTenantId: tenantId, data: { slug: before.slug, reason: why }, ip });
    // From here on the transaction acts as the application role inside the tenant.
    await enterTenant(tx, tenantId);
    await recordAudit(tx, { tenantId, actorUserId: null, action, data: { by: "Monitr support", operator: operator.email, reason: why }, ip });
  });
}
