import { and, eq, inArray, isNotNull, isNull, max } from "drizzle-orm";
import { schema, type Tx } from "@/lib/db";
import type { ObservedResource, ResourceKind } from "./describe-inventory";

type Row = typeof schema.resources.$inferSelect;
type NewRow = typeof schema.resources.$inferInsert;

/** JSON with sorted keys: jsonb reorders keys, so stored and observed objects compare by content. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

const sameVersion = (row: Row, seen: ObservedResource) =>
  row.name === seen.name && row.state === seen.state && stable(row.attributes) === stable(seen.attributes) && stable(row.tags) === stable(seen.tags);

/** Where the current history of resources without an open version ends (kind|id → latest valid_to). */
async function lastKnownEnds(
  tx: Tx,
  args: { tenantId: string; connectionId: string; region: string },
  fresh: ObservedResource[],
): Promise<Map<string, Date>> {
  const ends = new Map<string, Date>();
  const r = schema.resources;
  const ids = [...new Set(fresh.map((seen) => seen.resourceId))];
  for (let i = 0; i < ids.length; i += 5000) {
    const rows = await tx
      .select({ kind: r.kind, resourceId: r.resourceId, validTo: max(r.validTo) })
      .from(r)
      .where(
        and(
          eq(r.tenantId, args.tenantId),
          eq(r.connectionId, args.connectionId),
          eq(r.region, args.region),
          inArray(r.resourceId, ids.slice(i, i + 5000)),
          isNotNull(r.validTo),
          isNull(r.recordedTo),
        ),
      )
      .groupBy(r.kind, r.resourceId);
    for (const row of rows) if (row.validTo) ends.set(`${row.kind}|${row.resourceId}`, row.validTo);
  }
  return ends;
}

export type InventoryChanges = { added: number; changed: number; vanished: number; unchanged: number };

/**
 * Records one region's inventory bitemporally. Nothing is updated in place except closing
 * recorded_to: a changed resource closes its current version and records the corrected history
 * (the old facts valid until the change, the new facts from then); a vanished resource's
 * current version is closed and re-recorded with its valid_to. Only `kinds` that were actually
 * listed are compared, so a denied permission never makes resources look deleted.
 */
export async function storeInventory(
  tx: Tx,
  args: { tenantId: string; connectionId: string; region: string; kinds: ResourceKind[]; observed: ObservedResource[]; observedAt: Date; recordedAt: Date },
): Promise<InventoryChanges> {
  const { tenantId, connectionId, region, observedAt, recordedAt } = args;
  const changes: InventoryChanges = { added: 0, changed: 0, vanished: 0, unchanged: 0 };
  if (args.kinds.length === 0) return changes;
  const current = await tx
    .select()
    .from(schema.resources)
    .where(
      and(
        eq(schema.resources.tenantId, tenantId),
        eq(schema.resources.connectionId, connectionId),
        eq(schema.resources.region, region),
        inArray(schema.resources.kind, args.kinds),
        isNull(schema.resources.validTo),
        isNull(schema.resources.recordedTo),
      ),
    );
  const byKey = new Map(current.map((r) => [`${r.kind}|${r.resourceId}`, r]));
  const close: number[] = [];
  const insert: NewRow[] = [];
  const base = { tenantId, connectionId, region, recordedFrom: recordedAt };
  const copy = (row: Row, validTo: Date): NewRow => ({
    ...base,
    kind: row.kind,
    resourceId: row.resourceId,
    name: row.name,
    state: row.state,
    attributes: row.attributes,
    tags: row.tags,
    validFrom: row.validFrom,
    validTo,
  });
  const version = (seen: ObservedResource, validFrom: Date): NewRow => ({
    ...base,
    kind: seen.kind,
    resourceId: seen.resourceId,
    name: seen.name,
    state: seen.state,
    attributes: seen.attributes,
    tags: seen.tags,
    validFrom,
  });

  const endedAt = await lastKnownEnds(tx, args, args.observed.filter((seen) => !byKey.has(`${seen.kind}|${seen.resourceId}`)));
  for (const seen of args.observed) {
    const key = `${seen.kind}|${seen.resourceId}`;
    const row = byKey.get(key);
    byKey.delete(key);
    if (!row) {
      // First sight: true since AWS says (launch / creation / state change), else since now.
      let since = seen.since && seen.since.getTime() <= observedAt.getTime() ? seen.since : observedAt;
      // Seen before, until Monitr stopped watching (region removed, then added back): the new
      // version starts where the recorded history ends, so no instant has two versions.
      const ended = endedAt.get(key);
      if (ended && ended.getTime() > since.getTime()) since = ended;
      insert.push(version(seen, since));
      changes.added++;
    } else if (sameVersion(row, seen)) {
      changes.unchanged++;
    } else {
      // The change happened when AWS says it did if that falls inside the old version, else we
      // know only that it happened by now.
      const t = seen.since && seen.since.getTime() > row.validFrom.getTime() && seen.since.getTime() <= observedAt.getTime() ? seen.since : observedAt;
      close.push(row.id);
      insert.push(copy(row, t), version(seen, t));
      changes.changed++;
    }
  }
  for (const row of byKey.values()) {
    close.push(row.id);
    insert.push(copy(row, observedAt.getTime() > row.validFrom.getTime() ? observedAt : row.validFrom));
    changes.vanished++;
  }

  for (let i = 0; i < close.length; i += 5000) {
    await tx
      .update(schema.resources)
      .set({ recordedTo: recordedAt })
      .where(and(eq(schema.resources.tenantId, tenantId), inArray(schema.resources.id, close.slice(i, i + 5000))));
  }
  for (let i = 0; i < insert.length; i += 1000) await tx.insert(schema.resources).values(insert.slice(i, i + 1000));
  return changes;
}
