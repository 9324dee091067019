"use client";

import { PageError } from "@/components/ui";

export default function BillingError({ reset }: { error: Error; reset: () => void }) {
  return <PageError what="Billing" detail="Your plan and data are unaffected. Try again in a moment." reset={reset} />;
}
