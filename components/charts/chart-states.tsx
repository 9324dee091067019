import type { ReactNode } from "react";

/** The three states every chart has besides its data. */
export function ChartLoading({ label = "Loading chart" }: { label?: string }) {
  return (
    <div role="status" aria-label={label} className="flex h-full min-h-24 items-center justify-center">
      <span className="h-5 w-5 animate-spin rounded-full border-2 border-slate-300 border-t-brand-600" aria-hidden />
    </div>
  );
}

export function ChartEmpty({ children }: { children: ReactNode }) {
  return <div className="flex h-full min-h-24 items-center justify-center px-4 text-center text-sm text-slate-500">{children}</div>;
}

export function ChartError({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div role="alert" className="flex h-full min-h-24 flex-col items-center justify-center gap-2 px-4 text-center text-sm text-red-700">
      <p>{message}</p>
      {onRetry ? (
        <button type="button" onClick={onRetry} className="rounded px-2 py-1 text-xs font-medium text-brand-700 underline hover:bg-slate-100">
          Retry
        </button>
      ) : null}
    </div>
  );
}
