import Link from "next/link";
import { ago, utc } from "@/components/alerts/format";
import { ChannelActions } from "@/components/notifications/channel-actions";
import { ChannelForm } from "@/components/notifications/channel-form";
import { Card, Notice } from "@/components/ui";
import { requireMember, roleAtLeast } from "@/lib/auth/guard";
import { PLANS } from "@/lib/billing";
import { CHANNELS, listChannels, type ChannelView } from "@/lib/notify";

export const metadata = { title: "Notification channels" };

function settingsLine(c: ChannelView): string {
  const cfg = c.config;
  if (c.type === "email") return `To ${(cfg.to as string[] | undefined)?.join(", ") ?? "—"}`;
  if (c.type === "slack") return cfg.mode === "bot" ? `${String(cfg.channel)} · bot token ${String(cfg.tokenHint)}` : `Incoming webhook ${String(cfg.urlHint)}`;
  if (c.type === "pagerduty") return `Integration key ${String(cfg.keyHint)}`;
  return `POST ${String(cfg.urlHint)} · signed (HMAC-SHA256)`;
}

function Health({ c }: { c: ChannelView }) {
  if (c.health === "ok") {
    return <p className="text-xs text-emerald-700">{c.lastSuccessAt ? `Working · last delivery ${ago(c.lastSuccessAt)}` : "No deliveries yet"}</p>;
  }
  return (
    <div role="alert" className={`mt-1 rounded-md border px-3 py-2 text-xs ${c.health === "flagged" ? "border-red-300 bg-red-50 text-red-800" : "border-amber-200 bg-amber-50 text-amber-800"}`}>
      <p className="font-semibold">
        {c.health === "flagged" ? "Failing repeatedly" : "Delivery failing"}: {c.consecutiveFailures} attempt{c.consecutiveFailures === 1 ? "" : "s"} in a row
        {c.lastFailureAt ? `, last ${utc(c.lastFailureAt)}` : ""}.
      </p>
      {c.lastError ? <p>Last error: {c.lastError}</p> : null}
      <p>
        {c.pending} message{c.pending === 1 ? "" : "s"} waiting; nothing is dropped.{c.retryAt ? ` Next attempt ${utc(c.retryAt)}.` : ""}
      </p>
    </div>
  );
}

export default async function ChannelsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const ctx = await requireMember((await params).tenant);
  const channels = await listChannels(ctx);
  const canEdit = roleAtLeast(ctx.actor.role, "admin");
  return (
    <div className="max-w-3xl space-y-6">
      <div>
        <Link href="/alerts" className="text-sm text-brand-700 hover:underline">
          ← Alerts
        </Link>
        <h1 className="mt-1 text-2xl font-bold">Notification channels</h1>
        <p className="text-sm text-slate-600">Where alert rules send their messages. Secrets are encrypted and never shown again after you enter them.</p>
      </div>
      <Card title="Channels">
        {channels.length === 0 ? (
          <p className="text-sm text-slate-500">No channels yet. Add one below; alerts also appear in the bell.</p>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Notification channels">
            {channels.map((c) => (
              <li key={c.id} className="space-y-1 py-3" aria-label={c.name}>
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <p className="font-medium">
                    {c.name} <span className="text-xs font-normal text-slate-500">{CHANNELS[c.type].label}</span>
                    {c.enabled ? null : <span className="ml-2 rounded bg-slate-100 px-1.5 text-xs text-slate-600">disabled</span>}
                  </p>
                  {canEdit ? <ChannelActions id={c.id} name={c.name} enabled={c.enabled} /> : null}
                </div>
                <p className="text-xs text-slate-600">{settingsLine(c)}</p>
                <Health c={c} />
              </li>
            ))}
          </ul>
        )}
      </Card>
      {canEdit ? (
        <Card title="Add a channel">
          <ChannelForm pagerDutyAllowed={PLANS[ctx.tenant.plan].limits.pagerDuty} />
        </Card>
      ) : (
        <Notice>Only owners and admins can add or change channels.</Notice>
      )}
    </div>
  );
}
