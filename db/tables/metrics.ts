import {
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { tenants } from "./core";

/*
 * The metric catalogue. Points and rollups live in range-partitioned tables that drizzle-kit
 * cannot create; they are written by a custom migration and declared in lib/metrics/tables.ts.
 * No foreign key to aws_connections (same reason as db/tables/aws.ts: a disconnected account's
 * history stays until retention removes it).
 */
export const series = pgTable(
  "series",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: bigserial("id", { mode: "number" }).notNull(),
    connectionId: uuid("connection_id").notNull(),
    region: text("region").notNull(),
    resourceKind: text("resource_kind").notNull(),
    resourceId: text("resource_id").notNull(),
    namespace: text("namespace").notNull(),
    metric: text("metric").notNull(),
    dimensions: jsonb("dimensions").$type<Record<string, string>>().notNull(),
    // jsonb equality is fine for lookups but a unique index wants a canonical scalar: the
    // dimensions sorted by name and URL-encoded (lib/metrics/dimensions-key.ts).
    dimensionsKey: text("dimensions_key").notNull(),
    stat: text("stat").notNull(),
    unit: text("unit").notNull(),
    periodSeconds: integer("period_seconds").notNull(),
    lastPointAt: timestamp("last_point_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("series_identity_key").on(t.tenantId, t.connectionId, t.region, t.namespace, t.metric, t.dimensionsKey, t.stat),
    index("series_resource_idx").on(t.tenantId, t.resourceKind, t.resourceId),
  ],
);
