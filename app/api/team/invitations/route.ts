import { NextResponse } from "next/server";
import { requireApiMember } from "@/lib/auth/guard";
import { config } from "@/lib/config";
import { handler, readJson } from "@/lib/http";
import { mailer } from "@/lib/mail";
import { inviteMember, listInvitations } from "@/lib/team";
import { tenantOrigin } from "@/lib/tenants";

export const GET = handler(async () => {
  const ctx = await requireApiMember();
  return NextResponse.json({ invitations: await listInvitations(ctx) });
});

/** Invite by email: { email, role }. Answers the link too, for when mail is slow or blocked. */
export const POST = handler(async (request: Request) => {
  const ctx = await requireApiMember();
  const { appDomain, protocol } = config();
  const origin = tenantOrigin(ctx.tenant.slug, appDomain, protocol);
  const result = await inviteMember({
    ctx,
    input: await readJson(request),
    deps: { mailer: mailer(), inviteUrl: (token) => `${origin}/invite?token=${encodeURIComponent(token)}` },
  });
  return NextResponse.json(result, { status: 201 });
});
