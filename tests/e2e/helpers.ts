import fs from "node:fs";
import path from "node:path";
import http from "node:http";
import type { Page } from "@playwright/test";
import { hashPassword } from "@/lib/auth/password";
import { createDb, schema, withTenant } from "@/lib/db";
import { getTenantBySlug, type Role } from "@/lib/tenants";

export const PORT = Number(process.env.E2E_PORT ?? 3100);

/** The demo workspace that scripts/e2e.ts seeds, connected to the simulated AWS account. */
export const DEMO = `http://demo.localhost:${PORT}`;

export type Login = { email: string; password: string };

/** A new person in the demo workspace with a role, written straight to the database (the invitation flow has its own test). */
export async function newDemoMember({ name, role }: { name: string; role: Role }): Promise<Login> {
  const db = createDb(process.env.DATABASE_URL!, { max: 1 });
  try {
    const tenant = await getTenantBySlug(db, "demo");
    if (!tenant) throw new Error("the demo workspace is not seeded");
    const email = `${unique(name.split(" ")[0]!.toLowerCase())}@demo.test`;
    const password = "correct horse battery";
    const [user] = await db.insert(schema.users).values({ email, name, passwordHash: await hashPassword(password) }).returning();
    await withTenant(tenant.id, (tx) => tx.insert(schema.memberships).values({ tenantId: tenant.id, userId: user!.id, role }), { db });
    return { email, password };
  } finally {
    await db.$client.end();
  }
}

/** Logs in on the workspace's own log-in page and waits for its overview. */
export async function logIn(page: Page, who: Login, origin = DEMO) {
  await page.goto(`${origin}/login`);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(`${origin}/`);
}

/** Browsers resolve *.localhost; Node does not, so API calls go to 127.0.0.1 with a Host header. */
export function api(options: { host: string; path: string; method?: string; body?: unknown; cookie?: string }): Promise<{ status: number; json: unknown; headers: http.IncomingHttpHeaders }> {
  const payload = options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: PORT,
        path: options.path,
        method: options.method ?? "GET",
        headers: {
          host: `${options.host}:${PORT}`,
          ...(payload ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {}),
          ...(options.cookie ? { cookie: options.cookie } : {}),
        },
      },
      (res) => {
        let text = "";
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => {
          let json: unknown = null;
          try {
            json = JSON.parse(text);
          } catch {
            json = text;
          }
          resolve({ status: res.statusCode ?? 0, json, headers: res.headers });
        });
      },
    );
    req.on("error", reject);
    if (payload) req.write(payload);
    req.end();
  });
}

export function unique(prefix: string): string {
  return `${prefix}${Date.now().toString(36).slice(-5)}${Math.random().toString(36).slice(2, 5)}`;
}

/** The dev mailbox of the server under test (scripts/e2e.ts sets MAIL_DIR for both). */
export const MAIL_DIR = process.env.MAIL_DIR ?? ".data/mail";

/** The newest message to `to` in the server's dev mailbox (.eml files), polled until it arrives. */
export async function mailTo(to: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const files = fs.existsSync(MAIL_DIR) ? fs.readdirSync(MAIL_DIR).filter((f) => f.endsWith(".eml")).sort().reverse() : [];
    for (const file of files) {
      const raw = fs.readFileSync(path.join(MAIL_DIR, file), "utf8");
      if (new RegExp(`^To: .*${to.replace(/[.+]/g, "\\$&")}`, "mi").test(raw)) return raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail to ${to} in ${MAIL_DIR}`);
}
