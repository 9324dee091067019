import { ButtonLink, Card } from "@/components/ui";
import { requireMember } from "@/lib/auth/guard";
import { PLANS, planOf } from "@/lib/billing";

export const metadata = { title: "Upgrade canceled" };

/** Stripe Checkout's cancel_url: nothing was charged and nothing changed. */
export default async function CheckoutCancelPage({ params }: { params: Promise<{ tenant: string }> }) {
  const ctx = await requireMember((await params).tenant);
  return (
    <main className="mx-auto max-w-lg px-6 py-16">
      <Card title="Checkout canceled">
        <p className="text-sm text-slate-600">
          Nothing was charged. {ctx.tenant.name} stays on the {PLANS[planOf(ctx.tenant)].name} plan.
        </p>
        <div className="mt-6 flex gap-3">
          <ButtonLink href="/settings/billing">Back to billing</ButtonLink>
          <ButtonLink href="/" variant="secondary">
            Go to overview
          </ButtonLink>
        </div>
      </Card>
    </main>
  );
}
