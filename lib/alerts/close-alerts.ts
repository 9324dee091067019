import { and, eq } from "drizzle-orm";
import { schema, type Tx } from "@/lib/db";
import { enqueueNotifications, type OutboxEntry } from "@/lib/notify";
import { buildAlertMessage, type Origin } from "./alert-message";
import { decide, idempotencyKey } from "./decide";
import type { ConditionValue } from "./evaluate-core";
import type { AlertKind } from "./metric-catalog";
import { loadMutes } from "./mute-queries";
import { isRuleMuted } from "./mute-window";
import type { RuleRow } from "./rule-row";
import { writeEvaluation, type StateWrite, type TransitionWrite } from "./write-evaluation";

/**
 * Resolves every open alert of a rule that is being disabled or deleted, in the caller's
 * transaction: the transitions are recorded and, where the rule sends resolved messages, the
 * receivers hear that it is over (a PagerDuty incident closes instead of staying open forever).
 */
export async function closeRuleAlerts(tx: Tx, { tenant, rule, now, origin, reason }: { tenant: { id: string; slug: string; name: string }; rule: RuleRow; now: Date; origin: Origin; reason: string }): Promise<number> {
  const s = schema.alertStates;
  const rows = await tx.select().from(s).where(and(eq(s.tenantId, tenant.id), eq(s.ruleId, rule.id)));
  const muted = isRuleMuted(await loadMutes(tx, tenant.id), rule.id, now);
  const states: StateWrite[] = [];
  const transitions: TransitionWrite[] = [];
  const outbox: OutboxEntry[] = [];
  for (const row of rows) {
    if (row.state === "ok") continue;
    const decision = decide(row, "ok", { now, muted, repeatIntervalSeconds: 0, sendResolved: rule.sendResolved });
    const values = { outcome: reason };
    states.push({ ruleId: rule.id, resourceId: row.resourceId, resourceKind: row.resourceKind, resourceName: row.resourceName, row: decision.row, values });
    transitions.push({ ruleId: rule.id, resourceId: row.resourceId, from: row.state, to: "ok", seq: decision.row.seq, values, muted });
    if (decision.notify !== "resolved") continue;
    const message = buildAlertMessage({
      kind: "resolved",
      workspace: { slug: tenant.slug, name: tenant.name },
      rule: { id: rule.id, name: rule.name, severity: rule.severity },
      resource: { kind: row.resourceKind as AlertKind, id: row.resourceId, name: row.resourceName },
      values: (row.values.conditions as ConditionValue[] | undefined) ?? [],
      since: row.since,
      now,
      origin,
    });
    message.summary = `${message.summary} (${reason})`;
    for (const channelId of rule.channelIds) {
      outbox.push({ idempotencyKey: idempotencyKey(rule.id, row.resourceId, decision.row, "resolved", channelId), channelId, ruleId: rule.id, resourceId: row.resourceId, kind: "resolved", message });
    }
  }
  if (states.length) await writeEvaluation(tx, tenant.id, now, states, transitions);
  await enqueueNotifications(tx, tenant.id, outbox, now);
  return states.length;
}
