import { sql } from "drizzle-orm";
import { bigserial, check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./core";

/*
 * Cost allocation (issue #9): teams, cost centers, resource assignments and tag rules. Tenant
 * tables (db/rls.sql forces row-level security on each). Owners are referenced by (kind, id)
 * without foreign keys, because an owner may be a user, a team or a cost center; verbs check
 * the owner exists in the tenant before writing.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true });
export const OWNER_KINDS = ["user", "team", "cost_center"] as const;

export const teams = pgTable(
  "teams",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name").notNull(),
    createdBy: uuid("created_by"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), uniqueIndex("teams_name_key").on(t.tenantId, sql`lower(${t.name})`)],
);

export const teamMembers = pgTable(
  "team_members",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    teamId: uuid("team_id").notNull(),
    userId: uuid("user_id").notNull(),
    addedAt: ts("added_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.teamId, t.userId] }), index("team_members_user_idx").on(t.tenantId, t.userId)],
);

export const costCenters = pgTable(
  "cost_centers",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), uniqueIndex("cost_centers_code_key").on(t.tenantId, sql`lower(${t.code})`)],
);

/**
 * Direct assignments, one row per ownership interval [valid_from, valid_to). Reassigning closes
 * the open row and opens a new one, so the history stays; the partial unique index allows one
 * open row per resource: a resource has at most one direct owner at any time.
 */
export const resourceAssignments = pgTable(
  "resource_assignments",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: bigserial("id", { mode: "number" }).notNull(),
    connectionId: uuid("connection_id").notNull(),
    region: text("region").notNull(),
    resourceKind: text("resource_kind").notNull(),
    resourceId: text("resource_id").notNull(),
    ownerKind: text("owner_kind", { enum: OWNER_KINDS }).notNull(),
    ownerId: uuid("owner_id").notNull(),
    note: text("note"),
    assignedBy: uuid("assigned_by"),
    validFrom: ts("valid_from").notNull().defaultNow(),
    validTo: ts("valid_to"),
    endedBy: uuid("ended_by"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("resource_assignments_open_key")
      .on(t.tenantId, t.connectionId, t.region, t.resourceKind, t.resourceId)
      .where(sql`${t.validTo} is null`),
    index("resource_assignments_owner_idx").on(t.tenantId, t.ownerKind, t.ownerId),
    check("resource_assignments_interval_check", sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
  ],
);

/**
 * Tag rules: a resource carrying `tag_key = tag_value` belongs to the owner unless it has a
 * direct assignment. Evaluated when read, so resources discovered later are covered; the same
 * rule maps Cost Explorer's by-tag spend of that value to the owner.
 */
export const allocationRules = pgTable(
  "allocation_rules",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    tagKey: text("tag_key").notNull(),
    tagValue: text("tag_value").notNull(),
    ownerKind: text("owner_kind", { enum: OWNER_KINDS }).notNull(),
    ownerId: uuid("owner_id").notNull(),
    priority: integer("priority").notNull().default(100),
    createdBy: uuid("created_by"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), uniqueIndex("allocation_rules_tag_key").on(t.tenantId, t.tagKey, t.tagValue)],
);
