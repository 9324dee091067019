import { and, eq, gte, inArray, isNull, lte } from "drizzle-orm";
import { schema, type Tx } from "@/lib/db";

export type CostFigure = {
  periodStart: string;
  granularity: "DAILY" | "MONTHLY";
  groupKind: "service" | "tag" | "total";
  groupKey: string;
  groupValue: string;
  metric: string;
  amount: string;
  unit: string;
  estimated: boolean;
};

export type CostChanges = { inserted: number; revised: number; unchanged: number };

const keyOf = (f: Pick<CostFigure, "periodStart" | "granularity" | "groupKind" | "groupKey" | "groupValue" | "metric">) =>
  [f.granularity, f.periodStart, f.groupKind, f.groupKey, f.groupValue, f.metric].join("\u0000");

/**
 * Records cost figures as versions: a figure whose amount or estimated flag changed closes the
 * previous version (recorded_to) and adds a new one; an unchanged figure writes nothing.
 */
export async function storeCosts(tx: Tx, args: { tenantId: string; connectionId: string; figures: CostFigure[]; recordedAt: Date }): Promise<CostChanges> {
  const changes: CostChanges = { inserted: 0, revised: 0, unchanged: 0 };
  if (args.figures.length === 0) return changes;
  const c = schema.costRecords;
  const days = args.figures.map((f) => f.periodStart).sort();
  const current = await tx
    .select()
    .from(c)
    .where(
      and(
        eq(c.tenantId, args.tenantId),
        eq(c.connectionId, args.connectionId),
        inArray(c.granularity, [...new Set(args.figures.map((f) => f.granularity))]),
        gte(c.periodStart, days[0] ?? ""),
        lte(c.periodStart, days[days.length - 1] ?? ""),
        isNull(c.recordedTo),
      ),
    );
  const byKey = new Map(current.map((row) => [keyOf(row), row]));
  const close: number[] = [];
  const insert: (typeof c.$inferInsert)[] = [];
  for (const f of args.figures) {
    const row = byKey.get(keyOf(f));
    if (row && Number(row.amount) === Number(f.amount) && row.estimated === f.estimated) {
      changes.unchanged++;
      continue;
    }
    if (row) {
      close.push(row.id);
      changes.revised++;
    } else {
      changes.inserted++;
    }
    insert.push({ tenantId: args.tenantId, connectionId: args.connectionId, ...f, recordedFrom: args.recordedAt });
  }
  for (let i = 0; i < close.length; i += 5000) {
    await tx.update(c).set({ recordedTo: args.recordedAt }).where(and(eq(c.tenantId, args.tenantId), inArray(c.id, close.slice(i, i + 5000))));
  }
  for (let i = 0; i < insert.length; i += 1000) await tx.insert(c).values(insert.slice(i, i + 1000));
  return changes;
}
