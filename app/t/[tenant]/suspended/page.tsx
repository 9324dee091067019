import { redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { getTenantBySlug } from "@/lib/tenants";

export const metadata = { title: "Workspace suspended" };
export const dynamic = "force-dynamic";

/** What a suspended workspace's users see instead of the app (and instead of a bare 404). */
export default async function SuspendedPage({ params }: { params: Promise<{ tenant: string }> }) {
  const tenant = await getTenantBySlug(getDb(), (await params).tenant);
  if (tenant?.status === "active") redirect("/");
  return (
    <main className="mx-auto flex min-h-screen max-w-lg flex-col justify-center px-6">
      <section className="rounded-lg border border-amber-200 bg-white p-8 shadow-sm" aria-labelledby="suspended-title">
        <p className="text-xs font-semibold uppercase tracking-wide text-amber-700">Monitr</p>
        <h1 id="suspended-title" className="mt-2 text-2xl font-bold text-slate-900">
          This workspace is suspended
        </h1>
        <p className="mt-3 text-sm text-slate-600">
          {tenant ? <>The workspace “{tenant.name}” </> : <>This workspace </>}
          is paused by Monitr: nobody can sign in, its API keys are refused and no data is collected from AWS until it is reactivated. Your data is
          kept.
        </p>
        <p className="mt-3 text-sm text-slate-600">
          If you think this is a mistake, or to settle an unpaid invoice, contact <a className="font-medium text-brand-700 hover:underline" href="mailto:support@monitr.dev">support@monitr.dev</a>.
        </p>
      </section>
    </main>
  );
}
