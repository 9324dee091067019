import { AcceptInvitationForm } from "@/components/team/accept-invitation-form";
import { ButtonLink, Notice } from "@/components/ui";
import { tenantFromSlug } from "@/lib/auth/guard";
import { getDb } from "@/lib/db";
import { viewInvitation } from "@/lib/team";

export const metadata = { title: "Join a workspace" };
export const dynamic = "force-dynamic";

const GONE: Record<string, string> = {
  expired: "This invitation has expired. Ask the person who invited you to send a new one.",
  used: "This invitation was already used. If it was you, log in.",
  revoked: "This invitation was revoked. Ask an admin of the workspace for a new one.",
  unknown: "This invitation link is not valid. Check that you copied the whole link.",
};

export default async function InvitePage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<{ token?: string }> }) {
  const tenant = await tenantFromSlug((await params).tenant);
  const { token = "" } = await searchParams;
  const view = await viewInvitation(getDb(), tenant.id, token);
  return (
    <div className="mx-auto max-w-md px-6 py-16">
      <p className="text-sm font-medium text-brand-600">Monitr</p>
      <h1 className="mt-1 text-2xl font-bold">Join {tenant.name}</h1>
      <div className="mt-8 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        {view.status === "valid" ? (
          <AcceptInvitationForm token={token} email={view.email} role={view.role} accountExists={view.accountExists} />
        ) : (
          <div className="space-y-4">
            <Notice tone="error">{GONE[view.status]}</Notice>
            <ButtonLink href="/login" variant="secondary">
              Log in
            </ButtonLink>
          </div>
        )}
      </div>
    </div>
  );
}
