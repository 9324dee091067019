import { requireAdminHost } from "@/lib/operator/require-operator";
import { OperatorLoginForm } from "./login-form";

export const metadata = { title: "Operator sign-in" };
export const dynamic = "force-dynamic";

export default async function OperatorLoginPage() {
  await requireAdminHost();
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-6">
      <p className="text-xs font-semibold uppercase tracking-wide text-brand-600">Monitr operations</p>
      <h1 className="mb-6 mt-1 text-2xl font-bold">Operator console</h1>
      <OperatorLoginForm />
      <p className="mt-4 text-xs text-slate-500">Platform admins only (PLATFORM_ADMINS). Every action here is audited.</p>
    </main>
  );
}
