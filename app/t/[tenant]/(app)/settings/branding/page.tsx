import { LogoForm } from "@/components/reports/logo-form";
import { SettingsBack } from "@/components/team/settings-back";
import { Card, Notice } from "@/components/ui";
import { requireMember, roleAtLeast } from "@/lib/auth/guard";
import { getLogo } from "@/lib/reports";

export const metadata = { title: "Branding" };

/** The workspace logo drawn on report title pages and chargeback statements (stored in Postgres). */
export default async function BrandingPage({ params }: { params: Promise<{ tenant: string }> }) {
  const ctx = await requireMember((await params).tenant);
  const logo = await getLogo({ ctx });
  return (
    <div className="max-w-3xl space-y-6">
      <SettingsBack />
      <h1 className="text-2xl font-bold">Branding</h1>
      <Card title="Logo">
        <p className="mb-4 text-sm text-slate-600">Shown with {ctx.tenant.name}&apos;s name on PDF reports and chargeback statements. PNG or JPEG, at most 512 KB.</p>
        {roleAtLeast(ctx.actor.role, "admin") ? <LogoForm hasLogo={logo !== null} /> : <Notice>Only owners and admins can change the logo.</Notice>}
      </Card>
    </div>
  );
}
