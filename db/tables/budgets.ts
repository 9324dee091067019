import { sql } from "drizzle-orm";
import { boolean, check, date, integer, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./core";

/*
 * Budgets (issue #9): a monthly limit for the workspace, a team or a person, alert thresholds in
 * percent on actual and forecast spend, the alerts already sent (one row per budget, month,
 * threshold and basis: the primary key is what makes "once per threshold per month" hold), and
 * each person's cost preferences (budget alerts, own thresholds, digest).
 */

const ts = (name: string) => timestamp(name, { withTimezone: true });
export const BUDGET_SCOPES = ["tenant", "team", "user"] as const;
export const BUDGET_BASES = ["actual", "forecast"] as const;
export const DIGEST_FREQUENCIES = ["off", "daily", "weekly"] as const;

export const budgets = pgTable(
  "budgets",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    scopeKind: text("scope_kind", { enum: BUDGET_SCOPES }).notNull(),
    // The team or user id; the tenant's own id for the workspace budget (so the key is uniform).
    scopeId: uuid("scope_id").notNull(),
    monthlyLimit: numeric("monthly_limit").notNull(),
    thresholds: integer("thresholds").array().notNull().default(sql`'{50,80,100}'::int[]`),
    alertOnActual: boolean("alert_on_actual").notNull().default(true),
    alertOnForecast: boolean("alert_on_forecast").notNull().default(true),
    channelIds: uuid("channel_ids").array().notNull().default(sql`'{}'::uuid[]`),
    createdBy: uuid("created_by"),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("budgets_scope_key").on(t.tenantId, t.scopeKind, t.scopeId),
    check("budgets_limit_check", sql`${t.monthlyLimit} > 0`),
  ],
);

export const budgetAlerts = pgTable(
  "budget_alerts",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    budgetId: uuid("budget_id").notNull(),
    month: date("month").notNull(),
    threshold: integer("threshold").notNull(),
    basis: text("basis", { enum: BUDGET_BASES }).notNull(),
    amount: numeric("amount").notNull(),
    monthlyLimit: numeric("monthly_limit").notNull(),
    recipients: text("recipients").array().notNull().default(sql`'{}'::text[]`),
    firedAt: ts("fired_at").notNull(),
    // Email goes out after the commit that records the alert; null until it has been sent, so a
    // crash between the two sends it on the next check instead of losing or repeating it.
    emailedAt: ts("emailed_at"),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.budgetId, t.month, t.threshold, t.basis] })],
);

export const costPreferences = pgTable(
  "cost_preferences",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull(),
    budgetAlerts: boolean("budget_alerts").notNull().default(true),
    // Null: the budget's own thresholds.
    thresholds: integer("thresholds").array(),
    digest: text("digest", { enum: DIGEST_FREQUENCIES }).notNull().default("off"),
    lastDigestAt: ts("last_digest_at"),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId] })],
);
