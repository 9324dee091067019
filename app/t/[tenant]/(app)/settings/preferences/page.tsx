import { CostNav } from "@/components/allocation/cost-nav";
import { PreferencesForm } from "@/components/budgets/preferences-form";
import { Card } from "@/components/ui";
import { requireMember } from "@/lib/auth/guard";
import { getPreferences } from "@/lib/budgets";

export const metadata = { title: "Cost preferences" };

export default async function PreferencesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const ctx = await requireMember((await params).tenant);
  const prefs = await getPreferences(ctx);
  return (
    <div className="max-w-3xl">
      <CostNav current="/settings/preferences" />
      <h1 className="text-2xl font-bold">My cost preferences</h1>
      <p className="mb-6 mt-1 text-sm text-slate-600">Only for you, {ctx.actor.name}: budget alert emails and the cost digest.</p>
      <Card>
        <PreferencesForm initial={{ budgetAlerts: prefs.budgetAlerts, thresholds: prefs.thresholds, digest: prefs.digest }} />
      </Card>
    </div>
  );
}
