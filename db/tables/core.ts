import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
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

/*
 * Two kinds of table:
 * - global tables (no tenant_id column): tenants, users, rate_limits, worker_heartbeats.
 * - tenant tables: every table with a `tenant_id` column. tenant_id leads its primary key and
 *   every unique index (ARCHITECTURE.md rule 1), and row-level security is enabled, forced and
 *   given the `tenant_isolation` policy automatically by db/rls.sql after each migration, so a
 *   new tenant table cannot be forgotten.
 */

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const tenants = pgTable("tenants", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  plan: text("plan", { enum: ["free", "pro"] }).notNull().default("free"),
  requestedPlan: text("requested_plan", { enum: ["free", "pro"] }).notNull().default("free"),
  status: text("status", { enum: ["active", "suspended"] }).notNull().default("active"),
  // The ExternalId customers put in their IAM role's trust policy (confused-deputy protection):
  // random, unguessable, one per tenant, never changes. A volatile default gives existing rows
  // their own value when the column is added.
  externalId: text("external_id")
    .notNull()
    .unique()
    .default(sql`'monitr-' || replace(gen_random_uuid()::text, '-', '')`),
  createdAt: createdAt(),
  // Owners can require two-factor sign-in for every member (issue #10).
  requireTwoFactor: boolean("require_two_factor").notNull().default(false),
  // Billing (lib/billing): written only by the checkout verb and the Stripe webhook; `plan` is
  // derived from the subscription. The grace period keeps Pro after a failed payment until it ends.
  stripeCustomerId: text("stripe_customer_id").unique(),
  stripeSubscriptionId: text("stripe_subscription_id"),
  subscriptionStatus: text("subscription_status"),
  currentPeriodEnd: timestamp("current_period_end", { withTimezone: true }),
  cancelAtPeriodEnd: boolean("cancel_at_period_end").notNull().default(false),
  gracePeriodEndsAt: timestamp("grace_period_ends_at", { withTimezone: true }),
});

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    createdAt: createdAt(),
    // Two-factor (TOTP): secrets are AES-256-GCM ciphertexts (lib/security/secret-box.ts). The last
    // accepted time step makes a code unusable a second time within its window.
    totpSecret: text("totp_secret"),
    totpPendingSecret: text("totp_pending_secret"),
    totpEnabledAt: timestamp("totp_enabled_at", { withTimezone: true }),
    totpLastStep: bigint("totp_last_step", { mode: "number" }),
    passwordChangedAt: timestamp("password_changed_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("users_email_lower_key").on(sql`lower(${t.email})`)],
);

export const memberships = pgTable(
  "memberships",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["owner", "admin", "member", "viewer"] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

export const auditLog = pgTable(
  "audit_log",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: bigserial("id", { mode: "number" }).notNull(),
    actorUserId: uuid("actor_user_id"),
    action: text("action").notNull(),
    target: text("target"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    ip: text("ip"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index("audit_log_tenant_created_idx").on(t.tenantId, t.createdAt)],
);

/** One-time tokens that carry a signed-in user from the root domain to a tenant subdomain. */
export const loginHandoffs = pgTable(
  "login_handoffs",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.tokenHash] })],
);

/** Fixed-window counters shared by every web process (login and sign-up throttling). */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);

export const workerHeartbeats = pgTable("worker_heartbeats", {
  workerId: text("worker_id").primaryKey(),
  beatAt: timestamp("beat_at", { withTimezone: true }).notNull(),
  startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
});
