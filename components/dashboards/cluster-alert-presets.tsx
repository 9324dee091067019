import Link from "next/link";
import { PresetPicker } from "@/components/alerts/preset-picker";
import { Card } from "@/components/ui";
import { clusterPresetOffer, listRules } from "@/lib/alerts";
import { roleAtLeast, type TenantContext } from "@/lib/auth/guard";
import { PLANS } from "@/lib/billing";

/**
 * The ready-made alert rules on an EKS cluster's dashboard (issue #6), through the same picker
 * and API as the alerts page. Only people who may write rules see it; a viewer sees nothing.
 */
export async function ClusterAlertPresets({ ctx, cluster }: { ctx: TenantContext; cluster: string }) {
  if (!roleAtLeast(ctx.actor.role, "member")) return null;
  const rules = await listRules(ctx);
  const { offered, added, watching } = clusterPresetOffer(rules, cluster);
  const limit = PLANS[ctx.tenant.plan].limits.alertRules;
  const atLimit = rules.length >= limit;
  if (watching.length === 0 && added.length === offered.length) return null;
  return (
    <section aria-label="Alerts for this cluster">
      <Card title="Alerts for this cluster">
      <div className="space-y-3">
        {watching.length ? (
          <p className="text-sm text-slate-600" data-testid="cluster-rules">
            Watching this cluster:{" "}
            {watching.map((r, i) => (
              <span key={r.id}>
                {i ? ", " : ""}
                <Link href={`/alerts/${r.id}`} className="font-medium text-brand-700 hover:underline">
                  {r.name}
                </Link>
              </span>
            ))}
            .
          </p>
        ) : null}
        {added.length < offered.length ? (
          atLimit ? (
            <p className="text-sm text-amber-800">
              The {PLANS[ctx.tenant.plan].name} plan&apos;s {limit} alert rules are all in use; ready-made rules can be added after deleting one or upgrading.
            </p>
          ) : (
            <PresetPicker presets={offered} added={added} canAdd />
          )
        ) : null}
      </div>
      </Card>
    </section>
  );
}
