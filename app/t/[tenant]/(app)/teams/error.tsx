"use client";

import { Button } from "@/components/ui/button";

export default function PageError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-6 py-10 text-center text-sm text-red-800">
      <p className="font-medium">This page could not be loaded.</p>
      <p className="mt-1">It may be a temporary problem with the database. Try again in a moment.</p>
      <Button className="mt-4" variant="secondary" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
