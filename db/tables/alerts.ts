import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { tenants } from "./core";

/*
 * Alert rules, their per-(rule, resource) state and history, mute windows, notification channels,
 * the notification outbox and in-app notifications (issue #6). Every table is a tenant table:
 * tenant_id leads each key, db/rls.sql forces row-level security. Rule definitions (scope,
 * conditions, duration) are jsonb validated by the zod schemas in lib/alerts/schemas.ts.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const ALERT_STATES = ["ok", "pending", "firing", "no_data", "error"] as const;
export const CHANNEL_TYPES = ["slack", "email", "pagerduty", "webhook"] as const;
export const OUTBOX_KINDS = ["firing", "resolved", "repeat", "no_data", "error"] as const;
export const OUTBOX_STATUSES = ["pending", "sent", "cancelled"] as const;

export const alertRules = pgTable(
  "alert_rules",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    scope: jsonb("scope").$type<Record<string, unknown>>().notNull(),
    conditions: jsonb("conditions").$type<Record<string, unknown>[]>().notNull(),
    combine: text("combine", { enum: ["and", "or"] }).notNull().default("and"),
    duration: jsonb("duration").$type<Record<string, unknown>>().notNull(),
    noData: text("no_data", { enum: ["alerting", "ok", "keep"] }).notNull().default("keep"),
    severity: text("severity", { enum: ["critical", "warning", "info"] }).notNull().default("warning"),
    channelIds: uuid("channel_ids").array().notNull().default(sql`'{}'::uuid[]`),
    repeatIntervalSeconds: integer("repeat_interval_seconds").notNull().default(0),
    sendResolved: boolean("send_resolved").notNull().default(true),
    preset: text("preset"),
    lastError: text("last_error"),
    createdBy: uuid("created_by"),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index("alert_rules_enabled_idx").on(t.tenantId, t.enabled)],
);

/**
 * One row per (rule, resource) that has ever left OK. `seq` counts transitions; an outbox key
 * names the seq it notifies, so a replayed evaluation cannot enqueue the same message twice.
 * `notifiedSeq` is the last transition whose message was enqueued (a muted firing is enqueued
 * when the mute ends, and a resolve after a never-notified firing stays silent).
 */
export const alertStates = pgTable(
  "alert_states",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    ruleId: uuid("rule_id").notNull(),
    resourceId: text("resource_id").notNull(),
    resourceKind: text("resource_kind").notNull(),
    resourceName: text("resource_name"),
    state: text("state", { enum: ALERT_STATES }).notNull(),
    seq: integer("seq").notNull().default(0),
    since: ts("since").notNull(),
    values: jsonb("values").$type<Record<string, unknown>>().notNull().default({}),
    notifiedSeq: integer("notified_seq").notNull().default(0),
    lastNotifiedAt: ts("last_notified_at"),
    repeatCount: integer("repeat_count").notNull().default(0),
    acknowledgedAt: ts("acknowledged_at"),
    acknowledgedBy: uuid("acknowledged_by"),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.ruleId, t.resourceId] }), index("alert_states_state_idx").on(t.tenantId, t.state)],
);

export const alertTransitions = pgTable(
  "alert_transitions",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: bigserial("id", { mode: "number" }).notNull(),
    ruleId: uuid("rule_id").notNull(),
    resourceId: text("resource_id").notNull(),
    fromState: text("from_state", { enum: ALERT_STATES }).notNull(),
    toState: text("to_state", { enum: ALERT_STATES }).notNull(),
    seq: integer("seq").notNull(),
    at: ts("at").notNull(),
    values: jsonb("values").$type<Record<string, unknown>>().notNull().default({}),
    muted: boolean("muted").notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("alert_transitions_seq_key").on(t.tenantId, t.ruleId, t.resourceId, t.seq),
    index("alert_transitions_at_idx").on(t.tenantId, t.at),
  ],
);

/** A rule's (rule_id set) or the whole workspace's (rule_id null) quiet time: one-off or weekly. */
export const alertMutes = pgTable(
  "alert_mutes",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    ruleId: uuid("rule_id"),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["once", "weekly"] }).notNull(),
    startsAt: ts("starts_at"),
    endsAt: ts("ends_at"),
    weekdays: smallint("weekdays").array(),
    startMinute: integer("start_minute"),
    endMinute: integer("end_minute"),
    timezone: text("timezone").notNull().default("UTC"),
    createdBy: uuid("created_by"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const alertChannels = pgTable(
  "alert_channels",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    type: text("type", { enum: CHANNEL_TYPES }).notNull(),
    name: text("name").notNull(),
    // Non-secret settings (email recipients, Slack channel, masked hints of the secrets).
    config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
    // lib/crypto ciphertext of a JSON object of the channel's secrets; never returned by the API.
    secrets: text("secrets"),
    enabled: boolean("enabled").notNull().default(true),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    retryAt: ts("retry_at"),
    lastError: text("last_error"),
    lastFailureAt: ts("last_failure_at"),
    lastSuccessAt: ts("last_success_at"),
    flaggedAt: ts("flagged_at"),
    createdBy: uuid("created_by"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const alertOutbox = pgTable(
  "alert_outbox",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: bigserial("id", { mode: "number" }).notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    channelId: uuid("channel_id").notNull(),
    ruleId: uuid("rule_id"),
    resourceId: text("resource_id"),
    kind: text("kind", { enum: OUTBOX_KINDS }).notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: ts("created_at").notNull(),
    sentAt: ts("sent_at"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("alert_outbox_idempotency_key").on(t.tenantId, t.idempotencyKey),
    index("alert_outbox_pending_idx").on(t.tenantId, t.channelId, t.id).where(sql`${t.status} = 'pending'`),
  ],
);

/** In-app notifications, one row per recipient (the bell). */
export const inAppNotifications = pgTable(
  "in_app_notifications",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: bigserial("id", { mode: "number" }).notNull(),
    userId: uuid("user_id").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    link: text("link"),
    severity: text("severity", { enum: ["critical", "warning", "info"] }).notNull().default("info"),
    readAt: ts("read_at"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("in_app_notifications_user_idx").on(t.tenantId, t.userId, t.createdAt),
    check("in_app_notifications_title_check", sql`length(${t.title}) > 0`),
  ],
);

/**
 * The last evaluation cycle per tenant: one row rewritten per cycle instead of a timestamp on
 * every rule (10 000 row updates a minute for a large tenant).
 */
export const alertEvaluations = pgTable("alert_evaluations", {
  tenantId: uuid("tenant_id")
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  evaluatedAt: ts("evaluated_at").notNull(),
  rules: integer("rules").notNull(),
  pairs: integer("pairs").notNull(),
  durationMs: integer("duration_ms").notNull(),
});
