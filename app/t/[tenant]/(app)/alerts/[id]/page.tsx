import Link from "next/link";
import { notFound } from "next/navigation";
import { AlertList } from "@/components/alerts/alert-list";
import { draftOf } from "@/components/alerts/form-model";
import { HistoryTable } from "@/components/alerts/history-table";
import { RuleForm } from "@/components/alerts/rule-form";
import { Card } from "@/components/ui";
import { getRule, listAlerts, listScopeChoices, listTransitions } from "@/lib/alerts";
import { requireMember, roleAtLeast } from "@/lib/auth/guard";
import { NotFoundError } from "@/lib/http/errors";
import { listChannels } from "@/lib/notify";
import { isUuid } from "@/lib/http";

export const metadata = { title: "Alert rule" };


export default async function RulePage({ params }: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant, id } = await params;
  const ctx = await requireMember(tenant);
  if (!isUuid(id)) notFound();
  const rule = await getRule(ctx, id).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const [alerts, transitions, choices, channels] = await Promise.all([listAlerts(ctx, { ruleId: id }), listTransitions(ctx, { ruleId: id, limit: 100 }), listScopeChoices(ctx), listChannels(ctx)]);
  const canEdit = roleAtLeast(ctx.actor.role, "member");
  return (
    <div className="max-w-4xl space-y-6">
      <div>
        <Link href="/alerts" className="text-sm text-brand-700 hover:underline">
          ← Alerts
        </Link>
        <h1 className="mt-1 text-2xl font-bold">{rule.name}</h1>
        <p className="text-sm text-slate-500">{rule.lastEvaluatedAt ? `Last evaluated ${rule.lastEvaluatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC.` : "Not evaluated yet; the worker evaluates every minute."}</p>
      </div>
      <Card title="Current alerts">
        {alerts.length ? <AlertList alerts={alerts} canAck={canEdit} /> : <p className="text-sm text-slate-500">Every resource in scope is OK.</p>}
      </Card>
      <RuleForm initial={draftOf(rule)} ruleId={rule.id} choices={choices} channels={channels.map((c) => ({ id: c.id, name: c.name, type: c.type, enabled: c.enabled }))} canEdit={canEdit} />
      <Card title="History">
        <HistoryTable transitions={transitions} showRule={false} />
      </Card>
    </div>
  );
}
