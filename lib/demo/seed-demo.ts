import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { createConnection, getExternalId, listConnections } from "@/lib/aws";
import type { AwsConfig } from "@/lib/aws/config";
import { signUp } from "@/lib/auth";
import type { TenantContext } from "@/lib/auth/guard";
import { schema, type Db } from "@/lib/db";
import { getTenantBySlug } from "@/lib/tenants";

export const DEMO_LOGIN = {
  slug: "demo",
  company: "Demo Company",
  name: "Demo User",
  email: "demo@monitr.dev",
  password: "watch-the-cloud-2026",
} as const;

/**
 * The demo workspace: created once, then connected to the simulated AWS account through the same
 * verbs a customer uses. The role is created in the simulator with this workspace's own
 * ExternalId, as the CloudFormation quick-create link would.
 */
export async function seedDemoTenant({
  db,
  aws,
  createRole,
}: {
  db: Db;
  aws: AwsConfig;
  createRole: (request: { roleName: string; externalId: string }) => { roleArn: string };
}): Promise<{ created: boolean; connected: boolean }> {
  let tenant = await getTenantBySlug(db, DEMO_LOGIN.slug);
  let created = false;
  if (!tenant) {
    await signUp({
      db,
      input: { name: DEMO_LOGIN.name, email: DEMO_LOGIN.email, password: DEMO_LOGIN.password, company: DEMO_LOGIN.company, slug: DEMO_LOGIN.slug, plan: "free" },
    });
    tenant = (await getTenantBySlug(db, DEMO_LOGIN.slug))!;
    created = true;
  }
  const [owner] = await db.select().from(schema.users).where(eq(schema.users.email, DEMO_LOGIN.email)).limit(1);
  if (!owner) return { created, connected: false };
  const ctx: TenantContext = { tenant, db, actor: { userId: owner.id, email: owner.email, name: owner.name, role: "owner" } };
  if ((await listConnections(ctx)).length > 0) return { created, connected: false };
  const externalId = await getExternalId(ctx);
  // Role names must be unique in the simulated account, which outlives a wiped database.
  const suffix = crypto.createHash("sha256").update(externalId).digest("hex").slice(0, 8);
  const { roleArn } = createRole({ roleName: `MonitrDemo-${suffix}`, externalId });
  await createConnection({ ctx, aws, input: { roleArn, name: "Demo AWS account" } });
  return { created, connected: true };
}
