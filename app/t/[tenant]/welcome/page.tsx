import { tenantFromSlug } from "@/lib/auth/guard";
import { Handoff } from "./handoff";

export const metadata = { title: "Signing you in" };

export default async function WelcomePage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<{ token?: string }> }) {
  const tenant = await tenantFromSlug((await params).tenant);
  const { token } = await searchParams;
  return (
    <div className="mx-auto max-w-md px-6 py-24 text-center">
      <h1 className="text-xl font-semibold">Welcome to {tenant.name}</h1>
      <div className="mt-6">
        <Handoff token={token ?? ""} />
      </div>
    </div>
  );
}
