import { useId, type ComponentProps, type ReactNode } from "react";

/** Label above, hint and field-level error below, wired for screen readers. */
function FieldShell({ label, error, hint, children }: { label: string; error?: string; hint?: ReactNode; children: (control: { id: string; describedBy?: string; invalid?: true }) => ReactNode }) {
  const id = useId();
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children({ id, describedBy, invalid: error ? true : undefined })}
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

const border = (error?: string) => (error ? "border-red-500" : "border-slate-300");

/** A labelled input with its hint and field-level error. */
export function Field({
  label,
  error,
  hint,
  suffix,
  ...input
}: ComponentProps<"input"> & { label: string; error?: string; hint?: ReactNode; suffix?: ReactNode }) {
  return (
    <FieldShell label={label} error={error} hint={hint}>
      {({ id, describedBy, invalid }) => (
        <div className="flex rounded-md shadow-sm">
          <input
            id={id}
            aria-invalid={invalid}
            aria-describedby={describedBy}
            className={`block w-full min-w-0 rounded-md border px-3 py-2 text-sm outline-none focus:ring-2 focus:ring-brand-500 ${suffix ? "rounded-r-none" : ""} ${border(error)}`}
            {...input}
          />
          {suffix ? (
            <span className="inline-flex items-center rounded-r-md border border-l-0 border-slate-300 bg-slate-100 px-3 text-sm text-slate-600">{suffix}</span>
          ) : null}
        </div>
      )}
    </FieldShell>
  );
}

/** A labelled select with its hint and field-level error; options as data or as children. */
export function SelectField({
  label,
  error,
  hint,
  options,
  children,
  ...select
}: ComponentProps<"select"> & { label: string; error?: string; hint?: ReactNode; options?: readonly { value: string; label: string }[] }) {
  return (
    <FieldShell label={label} error={error} hint={hint}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          className={`block w-full rounded-md border bg-white px-3 py-2 text-sm outline-none focus:ring-2 focus:ring-brand-500 ${border(error)}`}
          {...select}
        >
          {options?.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
          {children}
        </select>
      )}
    </FieldShell>
  );
}
