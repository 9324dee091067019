import { bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./core";

/*
 * Operations: public API keys, support impersonation, the operator's own audit trail and the
 * retention job's runs. api_keys and impersonation_sessions are tenant tables (row-level security
 * from db/rls.sql); operator_audit and retention_runs are global (platform staff, no tenant), so
 * their tenant reference is deliberately not named tenant_id.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const API_KEY_SCOPES = ["read", "write"] as const;

/** Stored as the SHA-256 of the whole key (keys are 256-bit random, so no slow hash is needed). */
export const apiKeys = pgTable(
  "api_keys",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name").notNull(),
    /** The first characters of the key, shown in lists so people can tell keys apart. */
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull(),
    scope: text("scope", { enum: API_KEY_SCOPES }).notNull(),
    createdBy: uuid("created_by"),
    createdAt: ts("created_at").notNull().defaultNow(),
    lastUsedAt: ts("last_used_at"),
    revokedAt: ts("revoked_at"),
    revokedBy: uuid("revoked_by"),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), uniqueIndex("api_keys_hash_key").on(t.tenantId, t.keyHash)],
);

/**
 * A platform admin acting inside a tenant for support. The cookie on the tenant's host carries a
 * random token stored here as SHA-256; the session ends at expires_at or when ended.
 */
export const impersonationSessions = pgTable(
  "impersonation_sessions",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    tokenHash: text("token_hash").notNull(),
    operatorUserId: uuid("operator_user_id").notNull(),
    operatorEmail: text("operator_email").notNull(),
    reason: text("reason").notNull(),
    elevated: boolean("elevated").notNull().default(false),
    /** Set once the operator's browser has exchanged the one-time link for the cookie. */
    redeemedAt: ts("redeemed_at"),
    expiresAt: ts("expires_at").notNull(),
    endedAt: ts("ended_at"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), uniqueIndex("impersonation_sessions_token_key").on(t.tenantId, t.tokenHash)],
);

/** What platform staff did (the operator's side of every suspension and impersonation). */
export const operatorAudit = pgTable(
  "operator_audit",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    operatorEmail: text("operator_email").notNull(),
    action: text("action").notNull(),
    subjectTenantId: uuid("subject_tenant_id"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    ip: text("ip"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [index("operator_audit_created_idx").on(t.createdAt)],
);

export const retentionRuns = pgTable("retention_runs", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  startedAt: ts("started_at").notNull().defaultNow(),
  finishedAt: ts("finished_at"),
  droppedPartitions: integer("dropped_partitions").notNull().default(0),
  deletedPoints: integer("deleted_points").notNull().default(0),
  error: text("error"),
  details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
});
