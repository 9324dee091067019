"use client";

import { PageError } from "@/components/ui";

export default function RouteError({ reset }: { error: Error; reset: () => void }) {
  return <PageError what="This page" reset={reset} />;
}
