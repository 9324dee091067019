"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { ChartError, ChartLoading } from "@/components/charts/chart-states";
import { formatInstant } from "@/components/charts/format";
import { Button } from "@/components/ui/button";
import type { DashboardView } from "@/lib/dashboards/load-view";
import type { Widget } from "@/lib/dashboards/schemas";
import { AddWidgetForm } from "./add-widget-form";
import { MetricWidget } from "./metric-widget";
import { PanelBody } from "./panels/panel-renderers";
import { TimeControls, type RangeState } from "./time-controls";
import { WidgetFrame } from "./widget-frame";

type ErrorBody = { error?: { message?: string } };

async function send(url: string, method: string, body?: unknown): Promise<{ dashboard?: { version: number; ref: string; target: string } }> {
  const r = await fetch(url, { method, headers: body === undefined ? {} : { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (r.status === 204) return {};
  const json = (await r.json().catch(() => ({}))) as ErrorBody & { dashboard?: { version: number; ref: string; target: string } };
  if (!r.ok) throw new Error(json.error?.message ?? `The request failed (${r.status}).`);
  return json;
}

/** A dashboard: controls, past-view banner, widget grid, and (for editors) customization. */
export function DashboardScreen({ view, range, problems }: { view: DashboardView; range: RangeState; problems: string[] }) {
  const router = useRouter();
  const { dashboard } = view;
  const [widgets, setWidgets] = useState<Widget[]>(dashboard.widgets);
  const [version, setVersion] = useState(dashboard.version);
  const [name, setName] = useState(dashboard.name);
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  useEffect(() => {
    setWidgets(dashboard.widgets);
    setVersion(dashboard.version);
    setName(dashboard.name);
  }, [dashboard]);

  const data = new Map(view.widgets.map((w) => [w.widget.id, w.data]));
  const api = `/api/dashboards/${encodeURIComponent(dashboard.ref)}`;

  const save = async (next: Widget[], nextName = name) => {
    const before = widgets;
    setWidgets(next);
    setBusy(true);
    setError(null);
    try {
      const result = await send(api, "PUT", { name: nextName, widgets: next, version });
      setVersion(result.dashboard?.version ?? version + 1);
      setStatus("Saved.");
      router.refresh();
    } catch (e) {
      setWidgets(before);
      setError(e instanceof Error ? e.message : "Saving failed.");
    } finally {
      setBusy(false);
    }
  };

  const act = async (run: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await run();
    } catch (e) {
      setError(e instanceof Error ? e.message : "That did not work.");
    } finally {
      setBusy(false);
    }
  };

  const duplicate = () =>
    act(async () => {
      const result = await send("/api/dashboards", "POST", { name: `Copy of ${name}`.slice(0, 80), copyOf: dashboard.ref });
      router.push(`/dashboards/custom/${result.dashboard?.target ?? ""}`);
    });
  const reset = () =>
    act(async () => {
      await send(`${api}/reset`, "POST");
      setStatus("Back to the template.");
      router.refresh();
    });
  const remove = () =>
    act(async () => {
      await send(api, "DELETE");
      router.push("/dashboards");
    });

  const edit = (i: number) => ({
    first: i === 0,
    last: i === widgets.length - 1,
    move: (delta: -1 | 1) => {
      const next = [...widgets];
      [next[i], next[i + delta]] = [next[i + delta], next[i]];
      void save(next);
    },
    resize: (dw: number, dh: number) => void save(widgets.map((w, j) => (j === i ? { ...w, w: Math.min(4, Math.max(1, w.w + dw)), h: Math.min(3, Math.max(1, w.h + dh)) } : w))),
    rename: (title: string) => void save(widgets.map((w, j) => (j === i ? { ...w, title } : w))),
    remove: () => void save(widgets.filter((_, j) => j !== i)),
  });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          {editing ? (
            <form
              className="flex items-center gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                if (name.trim() && name.trim() !== dashboard.name) void save(widgets, name.trim());
              }}
            >
              <label className="sr-only" htmlFor="dashboard-name">
                Dashboard name
              </label>
              <input id="dashboard-name" className="rounded-md border border-slate-300 px-2 py-1 text-xl font-bold" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
              <Button type="submit" variant="secondary" disabled={busy}>
                Rename
              </Button>
            </form>
          ) : (
            <h1 className="text-2xl font-bold">{dashboard.name}</h1>
          )}
          <p className="text-xs text-slate-500">
            {dashboard.generated ? (dashboard.customized ? "Generated, customized" : "Generated from the inventory") : "Custom dashboard"}
            {dashboard.description ? ` · ${dashboard.description}` : ""}
          </p>
        </div>
        {dashboard.canEdit ? (
          <div className="flex flex-wrap gap-2">
            <Button variant={editing ? "primary" : "secondary"} onClick={() => setEditing((v) => !v)} aria-pressed={editing}>
              {editing ? "Done" : "Customize"}
            </Button>
            {editing ? (
              <Button variant="secondary" onClick={() => setAdding(true)} disabled={adding}>
                Add widget
              </Button>
            ) : null}
            <Button variant="secondary" onClick={duplicate} disabled={busy}>
              Duplicate
            </Button>
            {dashboard.generated && dashboard.customized ? (
              <Button variant="secondary" onClick={reset} disabled={busy}>
                Reset to template
              </Button>
            ) : null}
            {!dashboard.generated ? (
              <Button variant="danger" onClick={remove} disabled={busy}>
                Delete
              </Button>
            ) : null}
          </div>
        ) : (
          <p className="text-xs text-slate-500">You can look at dashboards; your role does not allow changing them.</p>
        )}
      </div>

      <TimeControls range={range} />

      {range.asOf ? (
        <div role="status" data-testid="past-view" className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          <strong>Past view:</strong> this dashboard shows what Monitr knew at {formatInstant(range.asOf)} — costs before later Cost Explorer revisions, metric values before late datapoints arrived, and the inventory as it was listed then.
        </div>
      ) : null}
      {problems.map((p) => (
        <p key={p} role="status" className="text-xs text-amber-800">
          {p}
        </p>
      ))}
      {error ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {status && !error ? (
        <p role="status" className="sr-only">
          {status}
        </p>
      ) : null}

      {adding && editing ? (
        <AddWidgetForm
          kind={dashboard.kind}
          target={dashboard.target}
          busy={busy}
          onCancel={() => setAdding(false)}
          onAdd={(w) => {
            setAdding(false);
            void save([...widgets, w]);
          }}
        />
      ) : null}

      {widgets.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center text-sm text-slate-600">
          This dashboard has no widgets yet.{dashboard.canEdit ? " Choose Customize, then Add widget." : ""}
        </div>
      ) : (
        <div className="grid grid-cols-1 gap-4 md:grid-cols-4">
          {widgets.map((w, i) => {
            const d = data.get(w.id);
            return (
              <WidgetFrame key={w.id} widget={w} edit={editing ? edit(i) : null}>
                {!d ? (
                  <ChartLoading label={`Loading ${w.title}`} />
                ) : d.kind === "error" ? (
                  <ChartError message={d.message} onRetry={() => router.refresh()} />
                ) : d.kind === "panel" ? (
                  <PanelBody panel={d.panel} data={d.data} />
                ) : w.type === "metric" ? (
                  <MetricWidget widget={w} view={d} from={range.from} to={range.to} asOf={range.asOf} refreshKey={0} />
                ) : null}
              </WidgetFrame>
            );
          })}
        </div>
      )}
    </div>
  );
}
