"use client";

import { useState, type ReactNode } from "react";
import type { Widget } from "@/lib/dashboards/schemas";

// Literal class names so Tailwind sees them.
const SPAN: Record<number, string> = { 1: "md:col-span-1", 2: "md:col-span-2", 3: "md:col-span-3", 4: "md:col-span-4" };
const HEIGHT: Record<number, string> = { 1: "min-h-40", 2: "min-h-72", 3: "min-h-[28rem]" };

export type WidgetEdit = { move: (delta: -1 | 1) => void; resize: (dw: number, dh: number) => void; rename: (title: string) => void; remove: () => void; first: boolean; last: boolean };

const tool = "rounded px-1.5 py-0.5 text-xs text-slate-600 ring-1 ring-slate-200 hover:bg-slate-100 disabled:opacity-40";

/** A widget's card: title, body, and in edit mode the controls to move, resize, rename and remove it. */
export function WidgetFrame({ widget, edit, children }: { widget: Widget; edit: WidgetEdit | null; children: ReactNode }) {
  const [renaming, setRenaming] = useState(false);
  const [title, setTitle] = useState(widget.title);
  return (
    <section aria-label={widget.title} data-widget-id={widget.id} className={`col-span-1 ${SPAN[widget.w]} ${HEIGHT[widget.h]} flex flex-col rounded-lg border border-slate-200 bg-white p-4 shadow-sm`}>
      <header className="mb-3 flex flex-wrap items-center justify-between gap-2">
        {renaming && edit ? (
          <form
            className="flex gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              if (title.trim()) edit.rename(title.trim());
              setRenaming(false);
            }}
          >
            <label className="sr-only" htmlFor={`title-${widget.id}`}>
              Widget title
            </label>
            <input id={`title-${widget.id}`} className="rounded border border-slate-300 px-2 py-1 text-sm" value={title} maxLength={80} onChange={(e) => setTitle(e.target.value)} autoFocus />
            <button type="submit" className={tool}>
              Save
            </button>
          </form>
        ) : (
          <h2 className="text-sm font-semibold text-slate-900">{widget.title}</h2>
        )}
        {edit ? (
          <div className="flex flex-wrap gap-1" role="group" aria-label={`Edit ${widget.title}`}>
            <button type="button" className={tool} disabled={edit.first} onClick={() => edit.move(-1)} aria-label={`Move ${widget.title} up`}>
              ↑
            </button>
            <button type="button" className={tool} disabled={edit.last} onClick={() => edit.move(1)} aria-label={`Move ${widget.title} down`}>
              ↓
            </button>
            <button type="button" className={tool} disabled={widget.w <= 1} onClick={() => edit.resize(-1, 0)} aria-label={`Make ${widget.title} narrower`}>
              ⇠
            </button>
            <button type="button" className={tool} disabled={widget.w >= 4} onClick={() => edit.resize(1, 0)} aria-label={`Make ${widget.title} wider`}>
              ⇢
            </button>
            <button type="button" className={tool} disabled={widget.h <= 1} onClick={() => edit.resize(0, -1)} aria-label={`Make ${widget.title} shorter`}>
              ⇡
            </button>
            <button type="button" className={tool} disabled={widget.h >= 3} onClick={() => edit.resize(0, 1)} aria-label={`Make ${widget.title} taller`}>
              ⇣
            </button>
            <button type="button" className={tool} onClick={() => setRenaming(true)} aria-label={`Rename ${widget.title}`}>
              Rename
            </button>
            <button type="button" className={`${tool} text-red-700`} onClick={edit.remove} aria-label={`Remove ${widget.title}`}>
              Remove
            </button>
          </div>
        ) : null}
      </header>
      <div className="min-h-0 flex-1">{children}</div>
    </section>
  );
}
