import { ActivationStatus } from "@/components/billing/activation-status";
import { Card } from "@/components/ui";
import { requireMember } from "@/lib/auth/guard";
import { planOf } from "@/lib/billing";

export const metadata = { title: "Upgrade complete" };

/** Stripe Checkout's success_url, on the tenant's subdomain. */
export default async function CheckoutSuccessPage({ params }: { params: Promise<{ tenant: string }> }) {
  const ctx = await requireMember((await params).tenant);
  return (
    <main className="mx-auto max-w-lg px-6 py-16">
      <Card title="Thanks for upgrading">
        <p className="mb-4 text-sm text-slate-600">{ctx.tenant.name} is moving to the Pro plan.</p>
        <ActivationStatus initiallyPro={planOf(ctx.tenant) === "pro"} />
      </Card>
    </main>
  );
}
