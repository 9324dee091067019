import { NextResponse } from "next/server";
import { requireApiMember } from "@/lib/auth/guard";
import { config } from "@/lib/config";
import { handler, readJson } from "@/lib/http";
import { deleteWorkspace, renameWorkspace } from "@/lib/team";
import { rootOrigin } from "@/lib/tenants";
import { deleteHooks } from "./delete-hooks";

/** Rename: { name }. */
export const PATCH = handler(async (request: Request) => {
  const ctx = await requireApiMember();
  const tenant = await renameWorkspace({ ctx, input: await readJson(request) });
  return NextResponse.json({ workspace: { id: tenant.id, slug: tenant.slug, name: tenant.name } });
});

/** Delete the workspace and all its data: { confirm: "<subdomain>" }. */
export const DELETE = handler(async (request: Request) => {
  const ctx = await requireApiMember();
  await deleteWorkspace({ ctx, input: await readJson(request), hooks: deleteHooks() });
  const { appDomain, protocol } = config();
  return NextResponse.json({ url: rootOrigin(appDomain, protocol) });
});
