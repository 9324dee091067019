import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { tenants } from "./core";

/*
 * AWS connections and what Monitr collects through them. Every table is a tenant table
 * (tenant_id leads each key; db/rls.sql forces row-level security on it). No foreign key to
 * aws_connections: its key is (tenant_id, id), and keeping collected data independent of the
 * connection row lets a disconnected account's history stay until retention removes it.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const CONNECTION_STATUSES = ["pending", "healthy", "degraded", "failing"] as const;
export const RESOURCE_KINDS = ["ec2_instance", "ebs_volume", "elastic_ip", "eks_cluster", "eks_nodegroup"] as const;
export const SYNC_KINDS = ["inventory", "metrics", "costs", "initial"] as const;
export const SYNC_STATUSES = ["running", "succeeded", "failed", "partial"] as const;

export const awsConnections = pgTable(
  "aws_connections",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name").notNull(),
    awsAccountId: text("aws_account_id").notNull(),
    roleArn: text("role_arn").notNull(),
    regions: text("regions").array().notNull().default(sql`'{}'::text[]`),
    /** The account's enabled regions (DescribeRegions) when last read; empty = not known (older rows, or the call was denied). */
    availableRegions: text("available_regions").array().notNull().default(sql`'{}'::text[]`),
    /** Regions where EC2 instances or EKS clusters were found when the account was connected. */
    regionsWithResources: text("regions_with_resources").array().notNull().default(sql`'{}'::text[]`),
    status: text("status", { enum: CONNECTION_STATUSES }).notNull().default("pending"),
    lastError: text("last_error"),
    missingPermissions: text("missing_permissions").array().notNull().default(sql`'{}'::text[]`),
    metricsIntervalSeconds: integer("metrics_interval_seconds").notNull().default(300),
    costTagKeys: text("cost_tag_keys").array().notNull().default(sql`'{}'::text[]`),
    createdBy: uuid("created_by"),
    createdAt: ts("created_at").notNull().defaultNow(),
    disconnectedAt: ts("disconnected_at"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // One live connection per role; a disconnected one may be connected again.
    uniqueIndex("aws_connections_active_role_key").on(t.tenantId, t.roleArn).where(sql`${t.disconnectedAt} is null`),
    check("aws_connections_interval_check", sql`${t.metricsIntervalSeconds} in (60, 300)`),
  ],
);

/**
 * Temporary credentials of a connection's role, shared by every worker, so the account sees one
 * AssumeRole per session length however many workers collect it (lib/aws/credential-store.ts).
 * The secret key and session token are sealed with APP_ENCRYPTION_KEY; `role_key` is a hash of the
 * role ARN and ExternalId.
 */
export const awsRoleSessions = pgTable(
  "aws_role_sessions",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    roleKey: text("role_key").notNull(),
    accessKeyId: text("access_key_id").notNull(),
    sealed: text("sealed").notNull(),
    accountId: text("account_id").notNull(),
    expiresAt: ts("expires_at").notNull(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.roleKey] })],
);

/**
 * Inventory, bitemporal: [valid_from, valid_to) is when the version was true in AWS,
 * [recorded_from, recorded_to) when Monitr held that belief. Rows are never updated except to
 * close recorded_to; a change closes the current row and records the corrected history.
 */
export const resources = pgTable(
  "resources",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: bigserial("id", { mode: "number" }).notNull(),
    connectionId: uuid("connection_id").notNull(),
    region: text("region").notNull(),
    kind: text("kind", { enum: RESOURCE_KINDS }).notNull(),
    resourceId: text("resource_id").notNull(),
    name: text("name"),
    state: text("state"),
    attributes: jsonb("attributes").$type<Record<string, unknown>>().notNull().default({}),
    tags: jsonb("tags").$type<Record<string, string>>().notNull().default({}),
    validFrom: ts("valid_from").notNull(),
    validTo: ts("valid_to"),
    recordedFrom: ts("recorded_from").notNull(),
    recordedTo: ts("recorded_to"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // At most one open version per resource in current knowledge: two racing inventory runs
    // cannot both open one.
    uniqueIndex("resources_current_key")
      .on(t.tenantId, t.connectionId, t.region, t.kind, t.resourceId)
      .where(sql`${t.validTo} is null and ${t.recordedTo} is null`),
    index("resources_lookup_idx").on(t.tenantId, t.connectionId, t.region, t.kind, t.resourceId),
    index("resources_valid_idx").on(t.tenantId, t.kind, t.validFrom),
  ],
);

/** Cost Explorer figures, versioned by recorded time: a revision closes the previous version. */
export const costRecords = pgTable(
  "cost_records",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: bigserial("id", { mode: "number" }).notNull(),
    connectionId: uuid("connection_id").notNull(),
    periodStart: date("period_start").notNull(),
    granularity: text("granularity", { enum: ["DAILY", "MONTHLY"] }).notNull(),
    groupKind: text("group_kind", { enum: ["service", "tag", "total"] }).notNull(),
    groupKey: text("group_key").notNull(),
    groupValue: text("group_value").notNull(),
    metric: text("metric").notNull(),
    amount: numeric("amount").notNull(),
    unit: text("unit").notNull(),
    estimated: boolean("estimated").notNull(),
    recordedFrom: ts("recorded_from").notNull(),
    recordedTo: ts("recorded_to"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("cost_records_current_key")
      .on(t.tenantId, t.connectionId, t.granularity, t.periodStart, t.groupKind, t.groupKey, t.groupValue, t.metric)
      .where(sql`${t.recordedTo} is null`),
    index("cost_records_period_idx").on(t.tenantId, t.connectionId, t.granularity, t.periodStart),
  ],
);

export const syncRuns = pgTable(
  "sync_runs",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    connectionId: uuid("connection_id").notNull(),
    region: text("region").notNull(),
    kind: text("kind", { enum: SYNC_KINDS }).notNull(),
    startedAt: ts("started_at").notNull().defaultNow(),
    finishedAt: ts("finished_at"),
    status: text("status", { enum: SYNC_STATUSES }).notNull().default("running"),
    apiCalls: integer("api_calls").notNull().default(0),
    items: integer("items").notNull().default(0),
    error: text("error"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    /** What the next run of the same (connection, region, kind) needs from this one (not history): e.g. the series a metrics run deferred. */
    carry: jsonb("carry").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("sync_runs_connection_idx").on(t.tenantId, t.connectionId, t.startedAt),
    // The last run of each (connection, kind, region): the scheduler, connection health, the first-sync progress.
    index("sync_runs_latest_idx").on(t.tenantId, t.connectionId, t.kind, t.region, t.startedAt),
  ],
);
