import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { signUp } from "@/lib/auth";
import type { TenantContext } from "@/lib/auth/guard";
import { hashPassword } from "@/lib/auth/password";
import { parseKeyring } from "@/lib/crypto";
import { schema, withTenant, type Db } from "@/lib/db";
import { createMailer, readMailbox, type Mailer } from "@/lib/mail";
import { createSecretBox } from "@/lib/security/secret-box";
import type { SessionPolicy } from "@/lib/security/sessions";
import { getTenantBySlug, type Role } from "@/lib/tenants";

/** Shared set-up for the team and security suites: workspaces, people, contexts, a mailbox. */

export const PASSWORD = "correct horse battery";
export const box = createSecretBox(parseKeyring(`k1:${crypto.randomBytes(32).toString("base64")}`));
export const policy: SessionPolicy = { maxAgeSeconds: 3600, idleTimeoutSeconds: 600 };

const rand = () => crypto.randomBytes(4).toString("hex");

export type Person = { id: string; email: string; name: string };

export async function newWorkspace(db: Db, owner?: { email?: string; name?: string }) {
  const email = owner?.email ?? `owner-${rand()}@acme.test`;
  const result = await signUp({
    db,
    input: { name: owner?.name ?? "Olive Owner", email, password: PASSWORD, company: "Acme", slug: `acme-${rand()}`, plan: "free" },
  });
  const tenant = (await getTenantBySlug(db, result.slug))!;
  return { tenant, owner: { id: result.userId, email, name: owner?.name ?? "Olive Owner" } };
}

export async function newUser(db: Db, name = "Pat Person"): Promise<Person> {
  const email = `${name.split(" ")[0].toLowerCase()}-${rand()}@acme.test`;
  const [user] = await db.insert(schema.users).values({ email, name, passwordHash: await hashPassword(PASSWORD) }).returning();
  return { id: user.id, email, name };
}

export async function addMember(db: Db, tenantId: string, user: Person, role: Role): Promise<void> {
  await withTenant(tenantId, (tx) => tx.insert(schema.memberships).values({ tenantId, userId: user.id, role }), { db });
}

export async function ctxFor(db: Db, tenantId: string, user: Person, role?: Role, sessionId?: string): Promise<TenantContext> {
  const [tenant] = await db.select().from(schema.tenants).where(eq(schema.tenants.id, tenantId));
  const actualRole =
    role ??
    (await withTenant(tenantId, (tx) => tx.select({ role: schema.memberships.role }).from(schema.memberships).where(eq(schema.memberships.userId, user.id)), { db }))[0]
      ?.role ??
    "viewer";
  return { tenant, db, actor: { userId: user.id, email: user.email, name: user.name, role: actualRole }, session: sessionId ? { id: sessionId, ip: "198.51.100.7", userAgent: "vitest" } : undefined };
}

export async function auditActions(db: Db, tenantId: string): Promise<string[]> {
  const rows = await withTenant(tenantId, (tx) => tx.select({ action: schema.auditLog.action }).from(schema.auditLog).orderBy(schema.auditLog.id), { db });
  return rows.map((r) => r.action);
}

export async function count(db: Db, query: ReturnType<typeof sql>): Promise<number> {
  const rows = await db.execute<{ n: number }>(query);
  return Number(rows.rows[0]?.n ?? 0);
}

export async function tempMailbox(): Promise<{ dir: string; mailer: Mailer; messages: () => ReturnType<typeof readMailbox> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "monitr-team-mail-"));
  return { dir, mailer: createMailer({ from: "Monitr <no-reply@monitr.test>", mailDir: dir }), messages: () => readMailbox(dir) };
}

/** The first http(s) link in a stored message (quoted-printable soft breaks undone). */
export function linkIn(raw: string): string {
  const text = raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
  const match = text.match(/https?:\/\/\S+/);
  if (!match) throw new Error("no link in the message");
  return match[0];
}

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e) => e,
  );
}
