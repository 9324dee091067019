"use client";

import { useState } from "react";

export function CopyValue({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div>
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</p>
      <div className="mt-1 flex items-center gap-2">
        <code aria-label={label} className="rounded bg-slate-100 px-2 py-1 font-mono text-sm">
          {value}
        </code>
        <button
          type="button"
          className="text-xs font-medium text-brand-600 hover:underline"
          onClick={() => navigator.clipboard?.writeText(value).then(() => setCopied(true), () => setCopied(false))}
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
    </div>
  );
}
