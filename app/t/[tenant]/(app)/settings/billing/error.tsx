"use client";

import { Button, Notice } from "@/components/ui";

export default function BillingError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="max-w-3xl space-y-4">
      <h1 className="text-2xl font-bold">Billing</h1>
      <Notice tone="error">Billing could not be loaded. Your plan and data are unaffected.</Notice>
      <Button type="button" variant="secondary" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
