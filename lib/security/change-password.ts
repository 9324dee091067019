import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { TenantContext } from "@/lib/auth/guard";
import { hashPassword, passwordProblem, verifyPassword, PASSWORD_MAX } from "@/lib/auth/password";
import { schema } from "@/lib/db";
import { ValidationError } from "@/lib/http/errors";
import { parseInput } from "@/lib/http/validate";
import { revokeUserSessions } from "./sessions";
import { enterUser } from "./tenant-switch";
import { auditAccountChange } from "./two-factor";

export const ChangePasswordInput = z.object({
  currentPassword: z.string({ error: "Enter your current password." }).min(1, "Enter your current password.").max(PASSWORD_MAX),
  newPassword: z.string({ error: "Choose a new password." }).max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`),
});
export type ChangePasswordInput = z.infer<typeof ChangePasswordInput>;

/** A new password ends every other session of this person, in every workspace. */
export async function changePassword({ ctx, input }: { ctx: TenantContext; input: unknown }): Promise<{ sessionsEnded: number }> {
  const data = parseInput(ChangePasswordInput, input);
  const [user] = await ctx.db.select({ hash: schema.users.passwordHash }).from(schema.users).where(eq(schema.users.id, ctx.actor.userId));
  if (!user || !(await verifyPassword(user.hash, data.currentPassword))) {
    throw new ValidationError("Your current password is not correct.", { currentPassword: "Your current password is not correct." });
  }
  const weak = passwordProblem(data.newPassword, { email: ctx.actor.email });
  if (weak) throw new ValidationError("Choose a stronger password.", { newPassword: weak });
  if (await verifyPassword(user.hash, data.newPassword)) {
    throw new ValidationError("Choose a password you haven't been using.", { newPassword: "This is your current password." });
  }
  const passwordHash = await hashPassword(data.newPassword);
  return ctx.db.transaction(async (tx) => {
    await tx.update(schema.users).set({ passwordHash, passwordChangedAt: sql`now()` }).where(eq(schema.users.id, ctx.actor.userId));
    await enterUser(tx, ctx.actor.userId);
    const ended = await revokeUserSessions(tx, ctx.actor.userId, { exceptId: ctx.session?.id, reason: "password_changed" });
    await auditAccountChange(tx, ctx, "security.password_changed", { sessionsEnded: ended.length });
    return { sessionsEnded: ended.length };
  });
}
