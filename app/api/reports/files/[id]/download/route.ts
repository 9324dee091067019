import { headers } from "next/headers";
import { requireApiMember } from "@/lib/auth/guard";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { handler, NotFoundError } from "@/lib/http";
import { reportsApi, reportsConfig } from "@/lib/reports";
import { getTenantBySlug, parseHost } from "@/lib/tenants";

type Params = { params: Promise<{ id: string }> };

/**
 * The file's bytes. Members download with their session; a signed link from a scheduled
 * report's email (`expires` + `signature`) works without one, on its own tenant's host only.
 */
export const GET = handler(async (request: Request, { params }: Params) => {
  const { id } = await params;
  if (!new URL(request.url).searchParams.has("signature")) return reportsApi.download(await requireApiMember(), request, id);
  const h = await headers();
  const target = parseHost(h.get("x-forwarded-host") ?? h.get("host"), config().appDomain);
  const db = getDb();
  const tenant = target.kind === "tenant" ? await getTenantBySlug(db, target.slug) : null;
  if (!tenant || tenant.status !== "active") throw new NotFoundError();
  return reportsApi.signedDownload(tenant, db, request, id, reportsConfig());
});
