import { sql } from "drizzle-orm";
import { index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenants, users } from "./core";

/*
 * Team and account security (issue #10).
 * - sessions, invitations: tenant tables (a session and an invitation belong to one workspace).
 *   Sessions also get a self policy (migration 00xx_team_session_policies) so a user can list and
 *   end their own sessions in every workspace at once (password change, "sign out everywhere").
 * - password_resets, recovery_codes, tenant_slug_redirects: global tables, read and written by
 *   system code as the owner role only (the application role has no grant on them).
 */

const ts = (name: string) => timestamp(name, { withTimezone: true });
const ROLES = ["owner", "admin", "member", "viewer"] as const;

/** One row per sign-in; its id travels in the JWT and the guard checks the row on every request. */
export const sessions = pgTable(
  "sessions",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    userAgent: text("user_agent"),
    ip: text("ip"),
    // How the session started: password, password+totp, password+recovery, handoff, invitation.
    method: text("method").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    lastSeenAt: ts("last_seen_at").notNull().defaultNow(),
    expiresAt: ts("expires_at").notNull(),
    revokedAt: ts("revoked_at"),
    revokedReason: text("revoked_reason"),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index("sessions_user_idx").on(t.userId)],
);

/** Invitation links: the token is stored only as its SHA-256; single use, 7 days, revocable. */
export const invitations = pgTable(
  "invitations",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    email: text("email").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    tokenHash: text("token_hash").notNull(),
    invitedBy: uuid("invited_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: ts("created_at").notNull().defaultNow(),
    expiresAt: ts("expires_at").notNull(),
    acceptedAt: ts("accepted_at"),
    acceptedBy: uuid("accepted_by").references(() => users.id, { onDelete: "set null" }),
    revokedAt: ts("revoked_at"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("invitations_token_key").on(t.tenantId, t.tokenHash),
    // At most one open invitation per address: re-inviting replaces the old link.
    uniqueIndex("invitations_open_email_key")
      .on(t.tenantId, sql`lower(${t.email})`)
      .where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
  ],
);

/** Password-reset links: SHA-256 of the token, one hour, single use. */
export const passwordResets = pgTable(
  "password_resets",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    createdAt: ts("created_at").notNull().defaultNow(),
    expiresAt: ts("expires_at").notNull(),
    usedAt: ts("used_at"),
    ip: text("ip"),
  },
  (t) => [index("password_resets_user_idx").on(t.userId)],
);

/** Two-factor recovery codes, stored as SHA-256; each works once. */
export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    usedAt: ts("used_at"),
  },
  (t) => [primaryKey({ columns: [t.userId, t.codeHash] })],
);

/**
 * A workspace's former subdomains, redirected for 30 days. Global like `tenants` (slug → tenant
 * routing happens before any tenant is known), so the column is deliberately not `tenant_id`.
 */
export const tenantSlugRedirects = pgTable("tenant_slug_redirects", {
  slug: text("slug").primaryKey(),
  targetTenantId: uuid("target_tenant_id")
    .notNull()
    .references(() => tenants.id, { onDelete: "cascade" }),
  createdAt: ts("created_at").notNull().defaultNow(),
  expiresAt: ts("expires_at").notNull(),
});

export const TEAM_ROLES = ROLES;
export const SESSION_METHODS = ["password", "password+totp", "password+recovery", "handoff", "invitation", "reset"] as const;
export type SessionMethod = (typeof SESSION_METHODS)[number];
