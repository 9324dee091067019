import { eq, sql } from "drizzle-orm";
import { tenantBranding } from "@/db/tables/reports";
import { recordAudit } from "@/lib/audit";
import { roleAtLeast, type TenantContext } from "@/lib/auth/guard";
import { withTenant, type Tx } from "@/lib/db";
import { ForbiddenError, ValidationError } from "@/lib/http/errors";
import type { Logo } from "./pdf/document-shell";
import { LOGO_TYPES, MAX_LOGO_BYTES } from "./schemas";

/*
 * The workspace's logo, drawn on report title pages and chargeback statements. Stored in Postgres
 * (bytea, ≤ 512 KiB) rather than on disk so every web replica and worker sees the same one.
 */

const MAGIC: Record<(typeof LOGO_TYPES)[number], { bytes: number[]; format: Logo["format"] }> = {
  "image/png": { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], format: "png" },
  "image/jpeg": { bytes: [0xff, 0xd8, 0xff], format: "jpg" },
};

/** The file's real type from its first bytes (the browser's claimed type is not trusted). */
export function sniffLogoType(data: Buffer): (typeof LOGO_TYPES)[number] | null {
  for (const type of LOGO_TYPES) if (MAGIC[type].bytes.every((b, i) => data[i] === b)) return type;
  return null;
}

export async function loadLogo(tx: Tx): Promise<Logo | null> {
  const [row] = await tx.select().from(tenantBranding).where(sql`${tenantBranding.tenantId} = app_current_tenant()`).limit(1);
  if (!row?.logo || !row.logoContentType) return null;
  const type = sniffLogoType(row.logo);
  return type ? { data: row.logo, format: MAGIC[type].format } : null;
}

export async function getLogo({ ctx }: { ctx: TenantContext }): Promise<{ data: Buffer; contentType: string } | null> {
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const [row] = await tx.select().from(tenantBranding).where(eq(tenantBranding.tenantId, ctx.tenant.id)).limit(1);
      return row?.logo && row.logoContentType ? { data: row.logo, contentType: row.logoContentType } : null;
    },
    { db: ctx.db },
  );
}

/** Admins and owners set the logo: a PNG or JPEG of at most 512 KiB. */
export async function saveLogo({ ctx, data }: { ctx: TenantContext; data: Buffer }): Promise<{ contentType: string; bytes: number }> {
  if (!roleAtLeast(ctx.actor.role, "admin")) throw new ForbiddenError("Only admins and owners can change the workspace logo.");
  if (data.length === 0) throw new ValidationError("Choose an image file.", { logo: "Choose an image file." });
  if (data.length > MAX_LOGO_BYTES) throw new ValidationError("The logo must be at most 512 KB.", { logo: "At most 512 KB." });
  const contentType = sniffLogoType(data);
  if (!contentType) throw new ValidationError("The logo must be a PNG or JPEG image.", { logo: "Use a PNG or JPEG image." });
  await withTenant(
    ctx.tenant.id,
    async (tx) => {
      await tx
        .insert(tenantBranding)
        .values({ tenantId: ctx.tenant.id, logo: data, logoContentType: contentType, updatedBy: ctx.actor.userId, updatedAt: new Date() })
        .onConflictDoUpdate({ target: tenantBranding.tenantId, set: { logo: data, logoContentType: contentType, updatedBy: ctx.actor.userId, updatedAt: new Date() } });
      await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "branding.logo_updated", target: "logo", data: { contentType, bytes: data.length }, ip: ctx.session?.ip ?? null });
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
  return { contentType, bytes: data.length };
}

export async function removeLogo({ ctx }: { ctx: TenantContext }): Promise<void> {
  if (!roleAtLeast(ctx.actor.role, "admin")) throw new ForbiddenError("Only admins and owners can change the workspace logo.");
  await withTenant(
    ctx.tenant.id,
    async (tx) => {
      await tx.delete(tenantBranding).where(eq(tenantBranding.tenantId, ctx.tenant.id));
      await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "branding.logo_removed", target: "logo", ip: ctx.session?.ip ?? null });
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}
