"use client";

import { Notice } from "@/components/ui";

export default function ConsoleError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="space-y-3">
      <Notice tone="error">The console could not load this page.</Notice>
      <button type="button" onClick={reset} className="text-sm font-medium text-brand-700 hover:underline">
        Try again
      </button>
    </div>
  );
}
