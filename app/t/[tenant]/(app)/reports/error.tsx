"use client";

import { PageError } from "@/components/ui";

export default function ReportsError({ reset }: { error: Error; reset: () => void }) {
  return <PageError what="Reports" reset={reset} />;
}
