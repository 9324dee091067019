"use client";

import { Button, Notice } from "@/components/ui";

export default function ChannelsError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Notification channels</h1>
      <Notice tone="error">The channels could not be loaded. This is on our side; try again in a moment.</Notice>
      <Button type="button" variant="secondary" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
