import { SettingsBack } from "@/components/team/settings-back";
import { ChangeSubdomainForm, DeleteWorkspaceForm, RenameWorkspaceForm } from "@/components/team/workspace-forms";
import { Card, Notice } from "@/components/ui";
import { requireMember } from "@/lib/auth/guard";
import { config } from "@/lib/config";
import { can } from "@/lib/team";

export const metadata = { title: "Workspace settings" };

export default async function WorkspaceSettingsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const ctx = await requireMember((await params).tenant);
  const role = ctx.actor.role;
  const { appDomain } = config();
  return (
    <div className="max-w-3xl space-y-6">
      <SettingsBack />
      <h1 className="text-2xl font-bold">Workspace</h1>
      {can(role, "workspace.rename") ? (
        <Card title="Name">
          <RenameWorkspaceForm name={ctx.tenant.name} />
        </Card>
      ) : (
        <Notice>Only owners and admins can change workspace settings.</Notice>
      )}
      {can(role, "workspace.subdomain") ? (
        <Card title="Subdomain">
          <ChangeSubdomainForm slug={ctx.tenant.slug} appDomain={appDomain} />
        </Card>
      ) : null}
      {can(role, "workspace.delete") ? (
        <Card title="Delete workspace" className="border-red-200">
          <DeleteWorkspaceForm slug={ctx.tenant.slug} />
        </Card>
      ) : null}
    </div>
  );
}
