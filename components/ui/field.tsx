import { useId, type ComponentProps, type ReactNode } from "react";

/** A labelled input with its hint and field-level error, wired for screen readers. */
export function Field({
  label,
  error,
  hint,
  suffix,
  ...input
}: ComponentProps<"input"> & { label: string; error?: string; hint?: ReactNode; suffix?: ReactNode }) {
  const id = useId();
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <div className="flex rounded-md shadow-sm">
        <input
          id={id}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className={`block w-full min-w-0 rounded-md border px-3 py-2 text-sm outline-none focus:ring-2 focus:ring-brand-500 ${
            suffix ? "rounded-r-none" : ""
          } ${error ? "border-red-500" : "border-slate-300"}`}
          {...input}
        />
        {suffix ? (
          <span className="inline-flex items-center rounded-r-md border border-l-0 border-slate-300 bg-slate-100 px-3 text-sm text-slate-600">{suffix}</span>
        ) : null}
      </div>
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-xs font-medium text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}
