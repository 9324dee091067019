import { integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./core";

/*
 * Saved dashboards. Generated dashboards (overview, EC2 fleet, one per instance, one per EKS
 * cluster, costs) are built from templates and the current inventory when viewed and have no row
 * until someone customizes one; the row then holds the whole widget list and wins over the
 * template until it is reset (deleted). Blank and duplicated dashboards are kind 'custom' with
 * their own id as target, so (tenant_id, kind, target) names every dashboard exactly once.
 */
export const dashboards = pgTable(
  "dashboards",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    kind: text("kind").notNull(),
    target: text("target").notNull().default(""),
    name: text("name").notNull(),
    // Validated by lib/dashboards/schemas.ts (Widget[]) on every write and read.
    widgets: jsonb("widgets").$type<unknown[]>().notNull(),
    // Optimistic concurrency: a save names the version it edited; a stale one is a 409.
    version: integer("version").notNull().default(1),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), uniqueIndex("dashboards_kind_target_key").on(t.tenantId, t.kind, t.target)],
);
