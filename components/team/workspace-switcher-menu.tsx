"use client";

import { useState } from "react";

type Item = { slug: string; name: string; role: string };

const ACCOUNT_LINKS: [string, string][] = [
  ["/settings/members", "Members"],
  ["/settings/security", "Security"],
  ["/settings/sessions", "Sessions"],
  ["/settings/audit", "Audit log"],
  ["/settings/workspace", "Workspace settings"],
];

/**
 * The person's workspaces, each on its own subdomain. Cookies are host-only, so switching asks
 * the current workspace for a one-time sign-in link to the other one and follows it.
 */
export function WorkspaceSwitcherMenu({ current, workspaces }: { current: string; workspaces: Item[] }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function open(slug: string) {
    setBusy(slug);
    setError(null);
    try {
      const res = await fetch("/api/workspaces/switch", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ slug }) });
      const body = await res.json();
      if (res.ok) {
        window.location.assign(body.url);
        return;
      }
      setError(body.error?.message ?? "Switching failed.");
    } catch {
      setError("We couldn't reach Monitr.");
    }
    setBusy(null);
  }

  return (
    <details className="group mt-2 text-sm" data-testid="workspace-switcher">
      <summary className="cursor-pointer list-none text-xs font-medium text-brand-600 hover:underline">Switch workspace ▾</summary>
      <div className="mt-2 space-y-2">
        <ul aria-label="Your workspaces" className="space-y-1">
          {workspaces.map((w) => (
            <li key={w.slug}>
              {w.slug === current ? (
                <span aria-current="true" className="block rounded px-2 py-1 font-medium text-slate-900">
                  {w.name} <span className="text-xs text-slate-500">· {w.role}</span>
                </span>
              ) : (
                <button type="button" onClick={() => open(w.slug)} disabled={busy !== null} className="block w-full rounded px-2 py-1 text-left text-slate-700 hover:bg-slate-100">
                  {busy === w.slug ? "Opening…" : w.name} <span className="text-xs text-slate-500">· {w.role}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
        {error ? <p role="alert" className="text-xs text-red-600">{error}</p> : null}
        <ul aria-label="Workspace and account" className="space-y-1 border-t border-slate-100 pt-2">
          {ACCOUNT_LINKS.map(([href, label]) => (
            <li key={href}>
              <a href={href} className="block rounded px-2 py-1 text-slate-600 hover:bg-slate-100">
                {label}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}
