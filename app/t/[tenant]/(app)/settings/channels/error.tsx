"use client";

import { PageError } from "@/components/ui";

export default function ChannelsError({ reset }: { error: Error; reset: () => void }) {
  return <PageError what="The notification channels" reset={reset} />;
}
