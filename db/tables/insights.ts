import { pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./core";

/*
 * Insights (issue #9). Findings (idle and wasted resources) are computed from the inventory and
 * the metric store when read; only a person's decision to dismiss one is stored, keyed by the
 * finding's stable key (check + resource), with the reason.
 */
export const insightDismissals = pgTable(
  "insight_dismissals",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    findingKey: text("finding_key").notNull(),
    check: text("check").notNull(),
    resourceId: text("resource_id").notNull(),
    reason: text("reason").notNull(),
    dismissedBy: uuid("dismissed_by"),
    dismissedAt: timestamp("dismissed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.findingKey] })],
);
