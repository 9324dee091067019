import { eq } from "drizzle-orm";
import { schema, type Tx } from "@/lib/db";
import type { MuteWindow } from "./mute-window";

export type MuteRow = typeof schema.alertMutes.$inferSelect;

export function toMuteWindow(row: MuteRow): MuteWindow | null {
  if (row.kind === "once") {
    return row.startsAt && row.endsAt ? { kind: "once", ruleId: row.ruleId, startsAt: row.startsAt, endsAt: row.endsAt } : null;
  }
  if (!row.weekdays || row.startMinute === null || row.endMinute === null) return null;
  return { kind: "weekly", ruleId: row.ruleId, weekdays: row.weekdays, startMinute: row.startMinute, endMinute: row.endMinute, timezone: row.timezone };
}

export async function loadMutes(tx: Tx, tenantId: string): Promise<MuteWindow[]> {
  const rows = await tx.select().from(schema.alertMutes).where(eq(schema.alertMutes.tenantId, tenantId));
  return rows.map(toMuteWindow).filter((m): m is MuteWindow => m !== null);
}
