import { and, asc, eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import { roleAtLeast, type TenantContext } from "@/lib/auth/guard";
import { schema, withTenant } from "@/lib/db";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/http/errors";
import { parseInput } from "@/lib/http/validate";
import { isMuteActive } from "./mute-window";
import { toMuteWindow, type MuteRow } from "./mute-queries";
import { MuteInput } from "./schemas";

export type MuteView = MuteRow & { active: boolean };

function view(row: MuteRow, now: Date): MuteView {
  const window = toMuteWindow(row);
  return { ...row, active: window ? isMuteActive(window, now) : false };
}

export async function listMutes(ctx: TenantContext, now = new Date()): Promise<MuteView[]> {
  return withTenant(
    ctx.tenant.id,
    async (tx) => (await tx.select().from(schema.alertMutes).where(eq(schema.alertMutes.tenantId, ctx.tenant.id)).orderBy(asc(schema.alertMutes.createdAt))).map((r) => view(r, now)),
    { db: ctx.db },
  );
}

/** A mute window for one rule or (ruleId null) the whole workspace. Notifications pause; evaluation goes on. */
export async function createMute({ ctx, input: raw, now = new Date() }: { ctx: TenantContext; input: unknown; now?: Date }): Promise<MuteView> {
  if (!roleAtLeast(ctx.actor.role, "member")) throw new ForbiddenError("Viewers cannot mute alerts.");
  const input = parseInput(MuteInput, raw);
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      if (input.ruleId) {
        const r = schema.alertRules;
        const [rule] = await tx.select({ id: r.id }).from(r).where(and(eq(r.tenantId, ctx.tenant.id), eq(r.id, input.ruleId)));
        if (!rule) throw new ValidationError("Check these fields: ruleId.", { ruleId: "No such rule." });
      }
      const [row] = await tx
        .insert(schema.alertMutes)
        .values({
          tenantId: ctx.tenant.id,
          ruleId: input.ruleId,
          name: input.name,
          kind: input.kind,
          createdBy: ctx.actor.userId,
          ...(input.kind === "once"
            ? { startsAt: input.startsAt, endsAt: input.endsAt }
            : { weekdays: [...new Set(input.weekdays)].sort(), startMinute: input.startMinute, endMinute: input.endMinute, timezone: input.timezone }),
        })
        .returning();
      await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "alert_mute.created", target: row!.id, data: { name: input.name, ruleId: input.ruleId } });
      return view(row!, now);
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}

export async function deleteMute({ ctx, id }: { ctx: TenantContext; id: string }): Promise<void> {
  if (!roleAtLeast(ctx.actor.role, "member")) throw new ForbiddenError("Viewers cannot change mute windows.");
  await withTenant(
    ctx.tenant.id,
    async (tx) => {
      const m = schema.alertMutes;
      const deleted = await tx.delete(m).where(and(eq(m.tenantId, ctx.tenant.id), eq(m.id, id))).returning({ id: m.id });
      if (!deleted.length) throw new NotFoundError("No such mute window.");
      await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "alert_mute.deleted", target: id });
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}
