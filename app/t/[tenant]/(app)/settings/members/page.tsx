import { InviteForm } from "@/components/team/invite-form";
import { MembersTable } from "@/components/team/members-table";
import { PendingInvitations } from "@/components/team/pending-invitations";
import { SettingsBack } from "@/components/team/settings-back";
import { Card } from "@/components/ui";
import { requireMember } from "@/lib/auth/guard";
import { formatLimit, PLANS } from "@/lib/billing";
import { can, listInvitations, listMembers } from "@/lib/team";

export const metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ tenant: string }> }) {
  const ctx = await requireMember((await params).tenant);
  const canInvite = can(ctx.actor.role, "members.invite");
  const [members, invitations] = await Promise.all([listMembers(ctx), canInvite ? listInvitations(ctx) : Promise.resolve([])]);
  const limit = PLANS[ctx.tenant.plan].limits.teamMembers;
  return (
    <div className="max-w-3xl space-y-6">
      <SettingsBack />
      <div>
        <h1 className="text-2xl font-bold">Members</h1>
        <p className="mt-1 text-sm text-slate-600">
          {members.length} member{members.length === 1 ? "" : "s"}
          {invitations.length ? ` and ${invitations.length} pending invitation${invitations.length === 1 ? "" : "s"}` : ""} · your plan includes {formatLimit(limit)}.
        </p>
      </div>
      <Card title="People in this workspace">
        <MembersTable
          members={members.map((m) => ({ ...m, joinedAt: m.joinedAt.toISOString() }))}
          me={ctx.actor.userId}
          myRole={ctx.actor.role}
        />
      </Card>
      {canInvite ? (
        <>
          <Card title="Invite someone">
            <InviteForm roles={ctx.actor.role === "owner" ? ["viewer", "member", "admin", "owner"] : ["viewer", "member", "admin"]} />
          </Card>
          <Card title="Pending invitations">
            <PendingInvitations invitations={invitations.map((i) => ({ id: i.id, email: i.email, role: i.role, expiresAt: i.expiresAt.toISOString() }))} />
          </Card>
        </>
      ) : (
        <p className="text-sm text-slate-500">Only owners and admins can invite people or change roles.</p>
      )}
    </div>
  );
}
