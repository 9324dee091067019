"use client";

import { useCallback, useEffect, useRef, useState } from "react";

type Item = { id: number; title: string; body: string; link: string | null; severity: "critical" | "warning" | "info"; readAt: string | null; createdAt: string };

const DOT = { critical: "bg-red-500", warning: "bg-amber-500", info: "bg-slate-400" } as const;
const POLL_MS = 30_000;

/** The bell: unread count, the latest notifications, mark read. Polls while the page is open. */
export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<Item[]>([]);
  const [unread, setUnread] = useState(0);
  const [state, setState] = useState<"loading" | "ready" | "error">("loading");
  const panel = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    const res = await fetch("/api/notifications", { cache: "no-store" }).catch(() => null);
    const json = (await res?.json().catch(() => null)) as { items?: Item[]; unread?: number } | null;
    if (!res?.ok || !json?.items) return setState("error");
    setItems(json.items);
    setUnread(json.unread ?? 0);
    setState("ready");
  }, []);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [load]);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => panel.current && !panel.current.contains(e.target as Node) && setOpen(false);
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [open]);

  async function markRead(body: { all: true } | { ids: number[] }) {
    await fetch("/api/notifications/read", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).catch(() => null);
    await load();
  }

  return (
    <div className="relative mt-2" ref={panel}>
      <button
        type="button"
        onClick={() => setOpen(!open)}
        aria-expanded={open}
        aria-label={unread ? `Notifications, ${unread} unread` : "Notifications"}
        className="inline-flex items-center gap-2 rounded-md px-2 py-1 text-sm text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50"
      >
        <svg aria-hidden viewBox="0 0 24 24" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="2">
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.7 21a2 2 0 0 1-3.4 0" />
        </svg>
        Notifications
        {unread ? (
          <span data-testid="unread-count" className="rounded-full bg-red-600 px-1.5 text-xs font-semibold text-white">
            {unread > 99 ? "99+" : unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <div role="dialog" aria-label="Notifications" className="absolute left-0 z-20 mt-2 w-80 rounded-lg border border-slate-200 bg-white shadow-lg">
          <div className="flex items-center justify-between border-b border-slate-100 px-3 py-2">
            <p className="text-sm font-semibold">Notifications</p>
            {unread ? (
              <button type="button" className="text-xs font-medium text-brand-700 hover:underline" onClick={() => void markRead({ all: true })}>
                Mark all read
              </button>
            ) : null}
          </div>
          {state === "loading" ? <p className="px-3 py-4 text-sm text-slate-500">Loading…</p> : null}
          {state === "error" ? <p className="px-3 py-4 text-sm text-red-600">Notifications could not be loaded.</p> : null}
          {state === "ready" && items.length === 0 ? <p className="px-3 py-4 text-sm text-slate-500">Nothing yet. Alerts and channel problems show up here.</p> : null}
          {items.length ? (
            <ul className="max-h-96 divide-y divide-slate-100 overflow-y-auto" aria-label="Notification list">
              {items.map((n) => (
                <li key={n.id} className={n.readAt ? "bg-white" : "bg-brand-50/40"}>
                  <a
                    href={n.link ?? "#"}
                    className="block px-3 py-2 hover:bg-slate-50"
                    onClick={() => {
                      if (!n.readAt) void markRead({ ids: [n.id] });
                    }}
                  >
                    <p className="flex items-center gap-2 text-sm font-medium text-slate-900">
                      <span className={`h-2 w-2 shrink-0 rounded-full ${DOT[n.severity]}`} aria-hidden />
                      {n.title}
                      {n.readAt ? null : <span className="sr-only">(unread)</span>}
                    </p>
                    {n.body ? <p className="mt-0.5 line-clamp-2 text-xs text-slate-600">{n.body}</p> : null}
                    <p className="mt-0.5 text-xs text-slate-400">{new Date(n.createdAt).toLocaleString()}</p>
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
