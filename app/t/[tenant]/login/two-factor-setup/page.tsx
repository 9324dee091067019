import { TwoFactorSettings } from "@/components/team/two-factor-settings";
import { Notice } from "@/components/ui";
import { requireMember } from "@/lib/auth/guard";
import { twoFactorStatus } from "@/lib/security";

export const metadata = { title: "Set up two-factor sign-in" };

/** Outside the app shell: where the guard sends members of a workspace that requires 2FA. */
export default async function TwoFactorSetupPage({ params }: { params: Promise<{ tenant: string }> }) {
  const ctx = await requireMember((await params).tenant, "viewer", { allowWithoutTwoFactor: true });
  const status = await twoFactorStatus(ctx);
  return (
    <div className="mx-auto max-w-lg px-6 py-16">
      <p className="text-sm font-medium text-brand-600">Monitr</p>
      <h1 className="mt-1 text-2xl font-bold">Set up two-factor sign-in</h1>
      <div className="mt-6 space-y-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        {status.enabled ? (
          <Notice tone="success">
            Two-factor sign-in is on for your account. <a href="/" className="font-medium underline">Open {ctx.tenant.name}</a>
          </Notice>
        ) : (
          <>
            <Notice tone="warning">{ctx.tenant.name} requires two-factor sign-in. Set it up to continue.</Notice>
            <TwoFactorSettings enabled={false} codesLeft={0} onEnabledHref="/" />
          </>
        )}
      </div>
    </div>
  );
}
