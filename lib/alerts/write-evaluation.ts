import { sql } from "drizzle-orm";
import { schema, type Tx } from "@/lib/db";
import type { StateRow } from "./decide";
import type { AlertState } from "./schemas";

export type StateWrite = { ruleId: string; resourceId: string; resourceKind: string; resourceName: string | null; row: StateRow; values: Record<string, unknown> };
export type TransitionWrite = { ruleId: string; resourceId: string; from: AlertState; to: AlertState; seq: number; values: Record<string, unknown>; muted: boolean };

// Postgres takes at most 65 535 parameters per statement; rows here have up to 15 columns.
const CHUNK = 2000;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** Writes a cycle's state changes and their history; only rows that changed are touched. */
export async function writeEvaluation(
  tx: Tx,
  tenantId: string,
  now: Date,
  states: StateWrite[],
  transitions: TransitionWrite[],
  rules: { brokenRuleIds: string[]; evaluatedRuleIds: string[] },
): Promise<void> {
  const s = schema.alertStates;
  for (const chunk of chunks(states)) {
    await tx
      .insert(s)
      .values(
        chunk.map((w) => ({
          tenantId,
          ruleId: w.ruleId,
          resourceId: w.resourceId,
          resourceKind: w.resourceKind,
          resourceName: w.resourceName,
          state: w.row.state,
          seq: w.row.seq,
          since: w.row.since,
          values: w.values,
          notifiedSeq: w.row.notifiedSeq,
          lastNotifiedAt: w.row.lastNotifiedAt,
          repeatCount: w.row.repeatCount,
          acknowledgedAt: w.row.acknowledgedAt,
          acknowledgedBy: null,
          updatedAt: now,
        })),
      )
      .onConflictDoUpdate({
        target: [s.tenantId, s.ruleId, s.resourceId],
        set: {
          resourceName: sql`coalesce(excluded.resource_name, ${s.resourceName})`,
          state: sql`excluded.state`,
          seq: sql`excluded.seq`,
          since: sql`excluded.since`,
          values: sql`excluded.values`,
          notifiedSeq: sql`excluded.notified_seq`,
          lastNotifiedAt: sql`excluded.last_notified_at`,
          repeatCount: sql`excluded.repeat_count`,
          acknowledgedAt: sql`excluded.acknowledged_at`,
          acknowledgedBy: sql`case when excluded.acknowledged_at is null then null else ${s.acknowledgedBy} end`,
          updatedAt: sql`excluded.updated_at`,
        },
      });
  }
  for (const chunk of chunks(transitions)) {
    await tx
      .insert(schema.alertTransitions)
      .values(chunk.map((t) => ({ tenantId, ruleId: t.ruleId, resourceId: t.resourceId, fromState: t.from, toState: t.to, seq: t.seq, at: now, values: t.values, muted: t.muted })))
      .onConflictDoNothing();
  }
  const r = schema.alertRules;
  await tx.execute(sql`
    update alert_rules set last_evaluated_at = ${now.toISOString()}::timestamptz,
           last_error = case when id = any(${sql.param(rules.brokenRuleIds)}::uuid[]) then 'The rule''s definition is no longer valid; edit and save it.' else null end
     where ${r.tenantId} = ${tenantId} and id = any(${sql.param(rules.evaluatedRuleIds)}::uuid[])`);
}
