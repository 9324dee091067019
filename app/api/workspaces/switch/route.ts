import { NextResponse } from "next/server";
import { requireApiMember } from "@/lib/auth/guard";
import { config } from "@/lib/config";
import { handler, readJson } from "@/lib/http";
import { switchWorkspace } from "@/lib/team";
import { tenantOrigin } from "@/lib/tenants";

/** { slug }: a one-time link that signs the person in on that workspace's subdomain. */
export const POST = handler(async (request: Request) => {
  const ctx = await requireApiMember("viewer", { allowWithoutTwoFactor: true });
  const { workspace, handoffToken } = await switchWorkspace({ ctx, input: await readJson(request) });
  const { appDomain, protocol } = config();
  return NextResponse.json({ url: `${tenantOrigin(workspace.slug, appDomain, protocol)}/welcome?token=${encodeURIComponent(handoffToken)}` });
});
