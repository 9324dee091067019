import type { OwnerCost, ResourceCost } from "@/lib/allocation";
import type { BudgetStatus } from "@/lib/budgets";
import { BudgetBar } from "@/components/budgets/budget-bar";
import { BudgetForm } from "@/components/budgets/budget-form";
import { usd } from "@/components/budgets/money";
import { Card, EmptyState } from "@/components/ui";

const KIND_LABELS: Record<string, string> = { ec2_instance: "EC2 instance", ebs_volume: "EBS volume", elastic_ip: "Elastic IP" };

function detail(r: ResourceCost): string {
  const a = r.attributes;
  if (r.kind === "ec2_instance") return String(a.instanceType ?? "");
  if (r.kind === "ebs_volume") return `${String(a.volumeType ?? "")} ${String(a.sizeGiB ?? "")} GiB`;
  return String(a.publicIp ?? "");
}

/** A person's or team's page body: this month's spend, the forecast, the budget and their resources. */
export function OwnerCosts(props: {
  name: string;
  month: string;
  row: OwnerCost | undefined;
  resources: ResourceCost[];
  status: BudgetStatus | undefined;
  forecast: { amount: number | null; method: string };
  method: string;
  budgetScope: string | null;
}) {
  const { row, status, forecast } = props;
  return (
    <div className="space-y-6">
      <div className="grid gap-4 md:grid-cols-3">
        <Card title="Spend this month">
          <p className="text-2xl font-semibold" data-testid="owner-month-to-date">
            {usd(row?.total ?? 0)}
          </p>
          <p className="mt-1 text-xs text-slate-500">
            {usd(row?.direct ?? 0)} resource-level · {usd(row?.tagBased ?? 0)} by tag
          </p>
        </Card>
        <Card title="Forecast">
          <p className="text-sm" data-testid="owner-forecast">
            At this rate you will spend <strong>{usd(forecast.amount)}</strong> this month.
          </p>
          <p className="mt-1 text-xs text-slate-500">{forecast.method}</p>
        </Card>
        <Card title="Budget">
          {status ? <BudgetBar status={status} /> : <p className="text-sm text-slate-500">No monthly budget set.</p>}
        </Card>
      </div>
      {props.budgetScope ? (
        <Card title={status ? `Change ${props.name}'s budget` : `Set ${props.name}'s budget`}>
          <BudgetForm scopes={[{ value: props.budgetScope, label: props.name }]} initial={{ scope: props.budgetScope, ...(status ? { limit: status.monthlyLimit, thresholds: status.thresholds } : {}) }} />
        </Card>
      ) : null}
      <Card title={`Resources (${props.resources.length})`}>
        {props.resources.length === 0 ? (
          <EmptyState title="No resources yet">Resources assigned directly or by a tag rule show up here with their estimated cost.</EmptyState>
        ) : (
          <table className="min-w-full text-sm" aria-label="Owned resources">
            <thead className="text-left text-xs uppercase text-slate-500">
              <tr>
                <th className="py-2">Resource</th>
                <th className="py-2">Kind</th>
                <th className="py-2">Details</th>
                <th className="py-2">Owned by</th>
                <th className="py-2 text-right">Estimated, {props.month}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {props.resources.map((r) => (
                <tr key={r.key}>
                  <td className="py-2">
                    <span className="font-medium">{r.name ?? r.resourceId}</span>
                    <span className="block text-xs text-slate-500">{r.resourceId}</span>
                  </td>
                  <td className="py-2">{KIND_LABELS[r.kind] ?? r.kind}</td>
                  <td className="py-2 text-slate-600">
                    {detail(r)} {r.state ? `· ${r.state}` : ""}
                  </td>
                  <td className="py-2 text-slate-600">{r.ownerSource === "rule" ? "Tag rule" : "Assignment"}</td>
                  <td className="py-2 text-right">{r.estimate === null ? "no list price" : usd(r.estimate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <p className="text-xs text-slate-500">
        <strong>How these costs are computed.</strong> {props.method}
      </p>
    </div>
  );
}
