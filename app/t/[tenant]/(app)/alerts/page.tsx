import Link from "next/link";
import { AlertList } from "@/components/alerts/alert-list";
import { HistoryTable } from "@/components/alerts/history-table";
import { MuteWindows } from "@/components/alerts/mute-windows";
import { PresetPicker } from "@/components/alerts/preset-picker";
import { RuleActions } from "@/components/alerts/rule-actions";
import { conditionText, scopeText } from "@/components/alerts/rule-text";
import { StateBadge } from "@/components/alerts/format";
import { ConnectAwsEmptyState } from "@/components/shell/connect-aws-empty";
import { ButtonLink, Card, EmptyState } from "@/components/ui";
import { listAlerts, listMutes, listRules, listTransitions, presetCovers, RULE_PRESETS } from "@/lib/alerts";
import { requireMember, roleAtLeast } from "@/lib/auth/guard";
import { listConnections } from "@/lib/aws";
import { PLANS } from "@/lib/billing";

export const metadata = { title: "Alerts" };

export default async function AlertsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const ctx = await requireMember((await params).tenant);
  const [rules, alerts, transitions, mutes, connections] = await Promise.all([listRules(ctx), listAlerts(ctx), listTransitions(ctx, { limit: 50 }), listMutes(ctx), listConnections(ctx)]);
  const canEdit = roleAtLeast(ctx.actor.role, "member");
  if (connections.length === 0 && rules.length === 0) {
    return (
      <div className="space-y-6">
        <h1 className="text-2xl font-bold">Alerts</h1>
        <ConnectAwsEmptyState what="Alert rules and firing alerts" />
      </div>
    );
  }
  const limit = PLANS[ctx.tenant.plan].limits.alertRules;
  const atLimit = rules.length >= limit;
  // A preset is done when a rule made from it watches all of its kind (one cluster's does not count).
  const presetsAdded = RULE_PRESETS.filter((p) => rules.some((r) => presetCovers(r, p))).map((p) => p.id);
  const firing = alerts.filter((a) => a.state === "firing").length;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">Alerts</h1>
          <p className="text-sm text-slate-600">
            {firing ? `${firing} firing now.` : "Nothing firing."} Rules are evaluated every minute against the collected metrics.
          </p>
        </div>
        <div className="flex gap-3">
          <ButtonLink href="/settings/channels" variant="secondary">
            Notification channels
          </ButtonLink>
          {canEdit && !atLimit ? <ButtonLink href="/alerts/new">New rule</ButtonLink> : null}
        </div>
      </div>
      {atLimit && Number.isFinite(limit) ? (
        <p role="status" className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-800">
          The {PLANS[ctx.tenant.plan].name} plan includes {limit} alert rules and all are in use. Upgrade to Pro for unlimited rules.
        </p>
      ) : null}

      <Card title="Firing and pending">
        {alerts.length ? <AlertList alerts={alerts} canAck={canEdit} /> : <p className="text-sm text-slate-500">All clear: no alert is firing, pending or missing data.</p>}
      </Card>

      <Card title={`Rules (${rules.length}${Number.isFinite(limit) ? ` of ${limit}` : ""})`}>
        {rules.length === 0 ? (
          <EmptyState title="No alert rules yet">Start with the ready-made rules below, or write your own.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Alert rules">
            {rules.map((r) => (
              <li key={r.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
                <div className="min-w-0">
                  <div className="flex items-center gap-2">
                    <Link href={`/alerts/${r.id}`} className="font-medium text-brand-700 hover:underline">
                      {r.name}
                    </Link>
                    {r.enabled ? null : <span className="rounded bg-slate-100 px-1.5 text-xs text-slate-600">disabled</span>}
                    {r.broken ? <StateBadge state="error" /> : null}
                    {r.counts.firing ? <StateBadge state="firing" /> : null}
                  </div>
                  {r.broken ? <p className="text-xs text-red-600">{r.lastError ?? "This rule can no longer be evaluated; edit it."}</p> : (
                    <p className="text-xs text-slate-600">
                      {scopeText(r)} · {conditionText(r)}
                    </p>
                  )}
                  <p className="text-xs text-slate-500">
                    {r.counts.firing} firing · {r.counts.pending} pending · {r.counts.no_data} no data · {r.channelIds.length} channel{r.channelIds.length === 1 ? "" : "s"}
                  </p>
                </div>
                <RuleActions id={r.id} name={r.name} enabled={r.enabled} canEdit={canEdit} />
              </li>
            ))}
          </ul>
        )}
      </Card>

      {!atLimit && presetsAdded.length < RULE_PRESETS.length ? (
        <Card title="Ready-made rules">
          <PresetPicker presets={RULE_PRESETS} added={presetsAdded} canAdd={canEdit} />
        </Card>
      ) : null}

      <Card title="Mute windows">
        <MuteWindows
          canEdit={canEdit}
          rules={rules.map((r) => ({ id: r.id, name: r.name }))}
          mutes={mutes.map((m) => ({ ...m, startsAt: m.startsAt?.toISOString() ?? null, endsAt: m.endsAt?.toISOString() ?? null, createdAt: undefined }))}
        />
      </Card>

      <Card title="History">
        <HistoryTable transitions={transitions} />
      </Card>
    </div>
  );
}
