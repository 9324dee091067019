"use client";

import { useEffect, useState } from "react";
import { ButtonLink, Notice, Spinner } from "@/components/ui";

type State = "waiting" | "active" | "slow";

/**
 * After Checkout, Stripe's webhook (not the redirect) is what turns Pro on. This polls the
 * workspace's plan until the webhook has been applied, for up to a minute.
 */
export function ActivationStatus({ initiallyPro }: { initiallyPro: boolean }) {
  const [state, setState] = useState<State>(initiallyPro ? "active" : "waiting");

  useEffect(() => {
    if (state !== "waiting") return;
    const started = Date.now();
    const timer = setInterval(async () => {
      try {
        const res = await fetch("/api/billing", { cache: "no-store" });
        const body = (await res.json()) as { plan?: { id?: string } };
        if (body.plan?.id === "pro") {
          setState("active");
          return;
        }
      } catch {
        // A failed poll is retried on the next tick.
      }
      if (Date.now() - started > 60_000) setState("slow");
    }, 2_000);
    return () => clearInterval(timer);
  }, [state]);

  if (state === "active") {
    return (
      <div className="space-y-4">
        <Notice tone="success">Your workspace is on Pro. Thank you!</Notice>
        <ButtonLink href="/settings/billing">Go to billing</ButtonLink>
      </div>
    );
  }
  if (state === "slow") {
    return (
      <div className="space-y-4">
        <Notice tone="warning">Stripe has taken your payment, but the confirmation has not reached Monitr yet. Pro turns on as soon as it does; you can leave this page.</Notice>
        <ButtonLink href="/settings/billing" variant="secondary">
          Go to billing
        </ButtonLink>
      </div>
    );
  }
  return <Spinner label="Confirming your subscription with Stripe…" />;
}
