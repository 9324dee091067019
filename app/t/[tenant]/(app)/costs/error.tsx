"use client";

import { PageError } from "@/components/ui";

export default function DashboardError({ reset }: { error: Error; reset: () => void }) {
  return <PageError what="This dashboard" reset={reset} />;
}
