import Link from "next/link";
import { Notice } from "@/components/ui";
import { planOf, type PlanHolder } from "@/lib/billing";
import type { Role } from "@/lib/tenants";

const day = (d: Date) => d.toLocaleDateString("en-US", { month: "long", day: "numeric", year: "numeric", timeZone: "UTC" });

/**
 * Shown to owners while a payment is failing: Pro stays until the grace period ends, then the
 * workspace falls back to Free (nothing is deleted). Renders nothing for anyone else.
 */
export function PaymentFailedBanner({ tenant, role, now = new Date() }: { tenant: PlanHolder; role: Role; now?: Date }) {
  if (role !== "owner" || !tenant.gracePeriodEndsAt) return null;
  const pastGrace = planOf(tenant, now) === "free";
  return (
    <Notice tone={pastGrace ? "error" : "warning"}>
      <strong>Your last payment failed.</strong>{" "}
      {pastGrace
        ? `The grace period ended on ${day(tenant.gracePeriodEndsAt)}, so this workspace is on the Free plan. Nothing was deleted.`
        : `Pro stays active until ${day(tenant.gracePeriodEndsAt)}; after that the workspace falls back to the Free plan.`}{" "}
      <Link href="/settings/billing" className="font-medium underline">
        Update your payment method
      </Link>
    </Notice>
  );
}
