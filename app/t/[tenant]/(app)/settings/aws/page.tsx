import Link from "next/link";
import { ConnectForm } from "@/components/aws/connect-form";
import { CopyValue } from "@/components/aws/copy-value";
import { ConnectionBadge } from "@/components/aws/health-badge";
import { Card, Notice } from "@/components/ui";
import { getExternalId, listConnections, quickCreateUrl, type Connection } from "@/lib/aws";
import { requireMember, roleAtLeast } from "@/lib/auth/guard";
import { config } from "@/lib/config";
import { awsConfig, cloudFormationTemplateUrl } from "@/lib/config/aws";
import { tenantOrigin } from "@/lib/tenants";

export const metadata = { title: "AWS accounts" };

const day = (d: Date) => new Date(d).toISOString().slice(0, 10);

function ConnectionList({ connections, label }: { connections: Connection[]; label: string }) {
  return (
    <ul className="divide-y divide-slate-100" aria-label={label}>
      {connections.map((c) => (
        <li key={c.id} className="flex items-center justify-between py-3">
          <div>
            <Link href={`/settings/aws/${c.id}`} className="font-medium text-brand-700 hover:underline">
              {c.name}
            </Link>
            <p className="text-xs text-slate-500">
              Account {c.awsAccountId} ·{" "}
              {c.disconnectedAt ? `disconnected ${day(c.disconnectedAt)}` : `${c.regions.length} region${c.regions.length === 1 ? "" : "s"}`}
            </p>
          </div>
          <ConnectionBadge status={c.status} disconnectedAt={c.disconnectedAt} />
        </li>
      ))}
    </ul>
  );
}

export default async function AwsAccountsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const ctx = await requireMember((await params).tenant);
  const aws = awsConfig();
  const { appDomain, protocol } = config();
  const [connections, externalId] = await Promise.all([listConnections(ctx), getExternalId(ctx)]);
  const active = connections.filter((c) => !c.disconnectedAt);
  const disconnected = connections.filter((c) => c.disconnectedAt);
  const canEdit = roleAtLeast(ctx.actor.role, "admin");
  const templateUrl = cloudFormationTemplateUrl(tenantOrigin(ctx.tenant.slug, appDomain, protocol));
  const launchUrl = quickCreateUrl({ aws, templateUrl, externalId });

  return (
    <div className="max-w-3xl space-y-6">
      <h1 className="text-2xl font-bold">AWS accounts</h1>
      {active.length > 0 ? (
        <Card title="Connected accounts">
          <ConnectionList connections={active} label="AWS connections" />
        </Card>
      ) : null}

      {canEdit ? (
        <Card title={active.length ? "Connect another account" : "Connect your AWS account"}>
          <ol className="space-y-6">
            <li>
              <h3 className="text-sm font-semibold">1. Create a read-only role in your AWS account</h3>
              <p className="mt-1 text-sm text-slate-600">
                Monitr never asks for access keys. It assumes a role you create, which trusts Monitr&apos;s AWS account ({aws.platformAccountId}) only
                when it presents this workspace&apos;s ExternalId.
              </p>
              <div className="mt-3 space-y-3">
                <CopyValue label="ExternalId" value={externalId} />
                <div className="flex flex-wrap gap-3 text-sm">
                  <a href={launchUrl} target="_blank" rel="noreferrer" className="rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700">
                    Create the role with CloudFormation
                  </a>
                  <a href="/api/aws/cloudformation-template" className="rounded-md px-3 py-1.5 font-medium text-brand-700 ring-1 ring-slate-300 hover:bg-slate-50">
                    Download the template
                  </a>
                </div>
              </div>
            </li>
            <li>
              <h3 className="text-sm font-semibold">2. Paste the role ARN</h3>
              <p className="mb-3 mt-1 text-sm text-slate-600">The stack&apos;s Outputs show it. Test it first to see each permission.</p>
              <ConnectForm />
            </li>
          </ol>
        </Card>
      ) : (
        <Notice>Only owners and admins can connect AWS accounts.</Notice>
      )}

      {disconnected.length > 0 ? (
        <Card title="Disconnected accounts">
          <p className="mb-2 text-sm text-slate-600">Monitr no longer collects from these accounts. Their data stays until retention removes it.</p>
          <ConnectionList connections={disconnected} label="Disconnected AWS connections" />
        </Card>
      ) : null}
    </div>
  );
}
