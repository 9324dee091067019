import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { assertAdmin } from "@/lib/allocation";
import { recordAudit } from "@/lib/audit";
import type { TenantContext } from "@/lib/auth/guard";
import { listResourcesAt } from "@/lib/collect";
import { schema, withTenant, type Tx } from "@/lib/db";
import { NotFoundError } from "@/lib/http/errors";
import { parseInput } from "@/lib/http/validate";
import { cpuEvidence, EVIDENCE_DAYS } from "./cpu-evidence";
import { CANDIDATE_CPU } from "./cpu-backfill";
import { runChecks, type Finding } from "./idle-checks";

export type FindingsReport = {
  findings: Finding[];
  /** Running instances that may be idle but have fewer than 14 days of CPU stored yet. */
  awaitingHistory: { resourceId: string; name: string | null; days: number; average: number | null }[];
  totalMonthlySaving: number;
};

export async function loadFindings(tx: Tx, tenantId: string, now: Date): Promise<FindingsReport> {
  const resources = await listResourcesAt({ tx, validAt: now });
  const running = resources.filter((r) => r.kind === "ec2_instance" && r.state === "running");
  const cpu = await cpuEvidence(tx, running.map((r) => r.resourceId), now);
  const dismissals = await tx.select().from(schema.insightDismissals).where(eq(schema.insightDismissals.tenantId, tenantId));
  const byKey = new Map(dismissals.map((d) => [d.findingKey, d]));
  const findings = runChecks({ resources, cpu, now })
    .map((f) => {
      const d = byKey.get(f.key);
      return { ...f, dismissed: d ? { reason: d.reason, at: d.dismissedAt, by: d.dismissedBy } : null };
    })
    .sort((a, b) => b.monthlySaving - a.monthlySaving);
  const awaitingHistory = running
    .map((r) => ({ r, e: cpu.get(r.resourceId) }))
    .filter(({ e }) => !e || (e.days < EVIDENCE_DAYS && e.average < CANDIDATE_CPU))
    .map(({ r, e }) => ({ resourceId: r.resourceId, name: r.name, days: e?.days ?? 0, average: e?.average ?? null }));
  return { findings, awaitingHistory, totalMonthlySaving: findings.filter((f) => !f.dismissed).reduce((a, f) => a + f.monthlySaving, 0) };
}

export async function getFindings({ ctx, now = new Date() }: { ctx: TenantContext; now?: Date }): Promise<FindingsReport> {
  return withTenant(ctx.tenant.id, (tx) => loadFindings(tx, ctx.tenant.id, now), { db: ctx.db, userId: ctx.actor.userId });
}

export const DismissInput = z.object({
  key: z.string().min(3).max(400),
  reason: z.string().trim().min(3, { error: "Say why (at least 3 characters)." }).max(500, { error: "At most 500 characters." }),
});
export type DismissInput = z.infer<typeof DismissInput>;

/** Hides a finding (it stays listed under "Dismissed" with the reason); audited. */
export async function dismissFinding({ ctx, input, now = new Date() }: { ctx: TenantContext; input: unknown; now?: Date }): Promise<void> {
  assertAdmin(ctx, "dismiss findings");
  const data = parseInput(DismissInput, input);
  await withTenant(
    ctx.tenant.id,
    async (tx) => {
      const report = await loadFindings(tx, ctx.tenant.id, now);
      const finding = report.findings.find((f) => f.key === data.key);
      if (!finding) throw new NotFoundError("No such finding (it may have been fixed already).");
      await tx
        .insert(schema.insightDismissals)
        .values({ tenantId: ctx.tenant.id, findingKey: data.key, check: finding.check, resourceId: finding.resource.resourceId, reason: data.reason, dismissedBy: ctx.actor.userId, dismissedAt: now })
        .onConflictDoUpdate({ target: [schema.insightDismissals.tenantId, schema.insightDismissals.findingKey], set: { reason: data.reason, dismissedBy: ctx.actor.userId, dismissedAt: now } });
      await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "insight.dismissed", target: data.key, data: { reason: data.reason, check: finding.check, resourceId: finding.resource.resourceId } });
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}

export async function restoreFinding({ ctx, key }: { ctx: TenantContext; key: string }): Promise<void> {
  assertAdmin(ctx, "restore findings");
  await withTenant(
    ctx.tenant.id,
    async (tx) => {
      const [row] = await tx.delete(schema.insightDismissals).where(and(eq(schema.insightDismissals.tenantId, ctx.tenant.id), eq(schema.insightDismissals.findingKey, key))).returning();
      if (!row) throw new NotFoundError("This finding is not dismissed.");
      await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "insight.restored", target: key, data: { check: row.check, resourceId: row.resourceId } });
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}
