import { ApiKeyManager } from "@/components/api-keys/api-key-manager";
import { Card, Notice } from "@/components/ui";
import { listApiKeys } from "@/lib/api-keys";
import { requireMember, roleAtLeast } from "@/lib/auth/guard";
import { config } from "@/lib/config";
import { tenantOrigin } from "@/lib/tenants";

export const metadata = { title: "API keys" };

export default async function ApiKeysPage({ params }: { params: Promise<{ tenant: string }> }) {
  const ctx = await requireMember((await params).tenant);
  const { appDomain, protocol } = config();
  const base = `${tenantOrigin(ctx.tenant.slug, appDomain, protocol)}/api/v1`;
  const canManage = roleAtLeast(ctx.actor.role, "admin");
  const keys = canManage ? await listApiKeys(ctx) : [];
  return (
    <div className="max-w-4xl space-y-6">
      <h1 className="text-2xl font-bold">API keys</h1>
      <Card title="Public API">
        <p className="text-sm text-slate-600">
          Automate Monitr with the REST API at <code className="rounded bg-slate-100 px-1">{base}</code>. Send a key as{" "}
          <code className="rounded bg-slate-100 px-1">Authorization: Bearer mk_…</code>. Read the{" "}
          <a className="font-medium text-brand-700 hover:underline" href="/api/v1/docs">
            API reference
          </a>{" "}
          or fetch the <a className="font-medium text-brand-700 hover:underline" href="/api/v1/openapi.json">OpenAPI document</a>.
        </p>
      </Card>
      {canManage ? (
        <Card title="Keys">
          <ApiKeyManager
            initial={keys.map((k) => ({
              id: k.id,
              name: k.name,
              prefix: k.prefix,
              scope: k.scope,
              createdAt: k.createdAt.toISOString(),
              lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
              revokedAt: k.revokedAt?.toISOString() ?? null,
            }))}
          />
        </Card>
      ) : (
        <Notice>Only owners and admins can create and revoke API keys.</Notice>
      )}
    </div>
  );
}
