import { and, desc, eq, gt, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import { schema, type Tx } from "@/lib/db";
import type { ResourceKind } from "./describe-inventory";

export type ResourceVersion = typeof schema.resources.$inferSelect;

/**
 * The inventory as it was at `validAt` in AWS, as Monitr knew it at `asOf` (default: now).
 * "Which instances were running at 14:00 yesterday, as known now / as known then" is
 * `listResourcesAt({ tx, kind: "ec2_instance", state: "running", validAt, asOf })`.
 */
export async function listResourcesAt({
  tx,
  kind,
  validAt,
  asOf,
  state,
  connectionId,
}: {
  tx: Tx;
  kind?: ResourceKind;
  validAt: Date;
  asOf?: Date;
  state?: string;
  connectionId?: string;
}): Promise<ResourceVersion[]> {
  const r = schema.resources;
  const known = asOf ?? new Date();
  const conditions: (SQL | undefined)[] = [
    kind ? eq(r.kind, kind) : undefined,
    state ? eq(r.state, state) : undefined,
    connectionId ? eq(r.connectionId, connectionId) : undefined,
    lte(r.validFrom, validAt),
    or(isNull(r.validTo), gt(r.validTo, validAt)),
    lte(r.recordedFrom, known),
    or(isNull(r.recordedTo), gt(r.recordedTo, known)),
  ];
  return tx
    .select()
    .from(r)
    .where(and(...conditions))
    .orderBy(r.kind, r.resourceId, desc(r.validFrom), sql`${r.id}`);
}
