"use client";

import { Button } from "./button";

/** What a route's error.tsx shows: what failed, that it is probably temporary, and a retry. */
export function PageError({ what, detail = "It may be a temporary problem with the database. Try again in a moment.", reset }: { what: string; detail?: string; reset: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-6 py-10 text-center text-sm text-red-800">
      <p className="font-medium">{what} could not be loaded.</p>
      <p className="mt-1">{detail}</p>
      <Button className="mt-4" variant="secondary" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
