import { ChangePasswordForm } from "@/components/team/change-password-form";
import { RequireTwoFactorToggle } from "@/components/team/require-two-factor-toggle";
import { SettingsBack } from "@/components/team/settings-back";
import { TwoFactorSettings } from "@/components/team/two-factor-settings";
import { Card } from "@/components/ui";
import { requireMember } from "@/lib/auth/guard";
import { twoFactorStatus } from "@/lib/security";
import { can, listMembers } from "@/lib/team";

export const metadata = { title: "Security" };

export default async function SecurityPage({ params }: { params: Promise<{ tenant: string }> }) {
  const ctx = await requireMember((await params).tenant);
  const status = await twoFactorStatus(ctx);
  const owner = can(ctx.actor.role, "security.require_2fa");
  const without = owner ? (await listMembers(ctx)).filter((m) => !m.twoFactor).length : 0;
  return (
    <div className="max-w-3xl space-y-6">
      <SettingsBack />
      <h1 className="text-2xl font-bold">Security</h1>
      <Card title="Two-factor sign-in">
        <TwoFactorSettings enabled={status.enabled} codesLeft={status.recoveryCodesLeft} />
      </Card>
      <Card title="Password">
        <ChangePasswordForm />
      </Card>
      {owner ? (
        <Card title="Workspace policy">
          <RequireTwoFactorToggle required={ctx.tenant.requireTwoFactor} membersWithout={without} />
        </Card>
      ) : null}
    </div>
  );
}
