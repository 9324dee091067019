import type { TenantContext } from "@/lib/auth/guard";
import { ForbiddenError } from "@/lib/http/errors";

/** Connecting, changing and disconnecting AWS accounts is for admins and owners; reading is for any member. */
export function requireAwsAdmin(ctx: TenantContext): void {
  if (ctx.actor.role !== "admin" && ctx.actor.role !== "owner") {
    throw new ForbiddenError("Only admins and owners can change AWS connections.");
  }
}
