import { tenantFromSlug } from "@/lib/auth/guard";
import { config } from "@/lib/config";
import { rootOrigin } from "@/lib/tenants";
import { TenantLoginForm } from "./tenant-login-form";

export const metadata = { title: "Log in" };

export default async function TenantLoginPage({ params }: { params: Promise<{ tenant: string }> }) {
  const tenant = await tenantFromSlug((await params).tenant);
  const { appDomain, protocol } = config();
  return (
    <div className="mx-auto max-w-md px-6 py-16">
      <p className="text-sm font-medium text-brand-600">Monitr</p>
      <h1 className="mt-1 text-2xl font-bold">Log in to {tenant.name}</h1>
      <div className="mt-8 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <TenantLoginForm forgotPasswordUrl={`${rootOrigin(appDomain, protocol)}/forgot-password`} />
      </div>
    </div>
  );
}
