import { sql } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import type { StateRow } from "./decide";
import type { AlertState } from "./schemas";

/** A state row to write; `values` null keeps the stored values (a repeat or a late notification changes no state). */
export type StateWrite = { ruleId: string; resourceId: string; resourceKind: string; resourceName: string | null; row: StateRow; values: Record<string, unknown> | null };
export type TransitionWrite = { ruleId: string; resourceId: string; from: AlertState; to: AlertState; seq: number; values: Record<string, unknown>; muted: boolean };

const CHUNK = 5000;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/*
 * Bulk writes as one statement per 5 000 rows with each column sent as one array (unnest), the
 * way lib/metrics writes points: a cycle that opens thousands of alerts (a new fleet-wide rule)
 * stays one round trip per chunk, and the statement text does not grow with the rows.
 */
export async function writeEvaluation(tx: Tx, tenantId: string, now: Date, states: StateWrite[], transitions: TransitionWrite[]): Promise<void> {
  const changed = states.filter((w) => w.values !== null);
  const notifiedOnly = states.filter((w) => w.values === null);
  for (const c of chunks(changed)) {
    const col = <T>(pick: (w: StateWrite) => T) => sql.param(c.map(pick));
    await tx.execute(sql`
      insert into alert_states (tenant_id, rule_id, resource_id, resource_kind, resource_name, state, seq, since, values,
                                notified_seq, last_notified_at, repeat_count, acknowledged_at, acknowledged_by, updated_at)
      select ${tenantId}, u.rule_id, u.resource_id, u.resource_kind, u.resource_name, u.state, u.seq, u.since, u.values::jsonb,
             u.notified_seq, u.last_notified_at, u.repeat_count, u.acknowledged_at, null, ${now.toISOString()}::timestamptz
        from unnest(${col((w) => w.ruleId)}::uuid[], ${col((w) => w.resourceId)}::text[], ${col((w) => w.resourceKind)}::text[],
                    ${col((w) => w.resourceName)}::text[], ${col((w) => w.row.state)}::text[], ${col((w) => w.row.seq)}::int[],
                    ${col((w) => w.row.since.toISOString())}::timestamptz[], ${col((w) => JSON.stringify(w.values))}::text[],
                    ${col((w) => w.row.notifiedSeq)}::int[], ${col((w) => iso(w.row.lastNotifiedAt))}::timestamptz[],
                    ${col((w) => w.row.repeatCount)}::int[], ${col((w) => iso(w.row.acknowledgedAt))}::timestamptz[])
          as u(rule_id, resource_id, resource_kind, resource_name, state, seq, since, values, notified_seq, last_notified_at, repeat_count, acknowledged_at)
      on conflict (tenant_id, rule_id, resource_id) do update set
        resource_name = coalesce(excluded.resource_name, alert_states.resource_name),
        state = excluded.state, seq = excluded.seq, since = excluded.since, values = excluded.values,
        notified_seq = excluded.notified_seq, last_notified_at = excluded.last_notified_at, repeat_count = excluded.repeat_count,
        acknowledged_at = excluded.acknowledged_at,
        acknowledged_by = case when excluded.acknowledged_at is null then null else alert_states.acknowledged_by end,
        updated_at = excluded.updated_at`);
  }
  // A repeat, or an alert announced when its mute ended: the state stands, only the bookkeeping moves.
  for (const c of chunks(notifiedOnly)) {
    const col = <T>(pick: (w: StateWrite) => T) => sql.param(c.map(pick));
    await tx.execute(sql`
      update alert_states s set notified_seq = u.notified_seq, last_notified_at = u.last_notified_at, repeat_count = u.repeat_count, updated_at = ${now.toISOString()}::timestamptz
        from unnest(${col((w) => w.ruleId)}::uuid[], ${col((w) => w.resourceId)}::text[], ${col((w) => w.row.notifiedSeq)}::int[],
                    ${col((w) => iso(w.row.lastNotifiedAt))}::timestamptz[], ${col((w) => w.row.repeatCount)}::int[])
          as u(rule_id, resource_id, notified_seq, last_notified_at, repeat_count)
       where s.tenant_id = ${tenantId} and s.rule_id = u.rule_id and s.resource_id = u.resource_id`);
  }
  for (const c of chunks(transitions)) {
    const col = <T>(pick: (t: TransitionWrite) => T) => sql.param(c.map(pick));
    await tx.execute(sql`
      insert into alert_transitions (tenant_id, rule_id, resource_id, from_state, to_state, seq, at, values, muted)
      select ${tenantId}, u.rule_id, u.resource_id, u.from_state, u.to_state, u.seq, ${now.toISOString()}::timestamptz, u.values::jsonb, u.muted
        from unnest(${col((t) => t.ruleId)}::uuid[], ${col((t) => t.resourceId)}::text[], ${col((t) => t.from)}::text[], ${col((t) => t.to)}::text[],
                    ${col((t) => t.seq)}::int[], ${col((t) => JSON.stringify(t.values))}::text[], ${col((t) => t.muted)}::bool[])
          as u(rule_id, resource_id, from_state, to_state, seq, values, muted)
      on conflict do nothing`);
  }
}
