import { eq } from "drizzle-orm";
import type { TenantContext } from "@/lib/auth/guard";
import { schema, type Db } from "@/lib/db";
import { getMembershipRole } from "@/lib/tenants";
import { claimFile, generateFile } from "./generate";
import { failFile } from "./file-store";

/**
 * A worker's half of a large on-demand report: claim the queued file (one worker wins), act as
 * the member who asked for it (with their current role), generate. A requester who has left
 * the workspace gets nothing generated.
 */
export async function runQueuedFile(db: Db, tenantId: string, fileId: string): Promise<"done" | "failed" | "skipped"> {
  const file = await claimFile({ db }, tenantId, fileId);
  if (!file) return "skipped";
  const [tenant] = await db.select().from(schema.tenants).where(eq(schema.tenants.id, tenantId)).limit(1);
  const [user] = file.createdBy ? await db.select().from(schema.users).where(eq(schema.users.id, file.createdBy)).limit(1) : [];
  const role = user ? await getMembershipRole(db, tenantId, user.id) : null;
  if (!tenant || !user || !role) {
    await failFile(db, tenantId, fileId, "The person who asked for this report is no longer a member of the workspace.");
    return "failed";
  }
  const ctx: TenantContext = { tenant, db, actor: { userId: user.id, email: user.email, name: user.name, role } };
  try {
    await generateFile({ ctx, file });
    return "done";
  } catch {
    // generateFile recorded the failure on the file row.
    return "failed";
  }
}
