"use client";

import { PageError } from "@/components/ui";

export default function AlertsError({ reset }: { error: Error; reset: () => void }) {
  return <PageError what="The alerts" reset={reset} />;
}
