import { MAX_BATCH_QUERIES } from "@/lib/dashboards/batch-limit";

/*
 * The browser's side of the chart query API: the charts that ask in the same tick (a refresh, a
 * retry of several widgets) go to POST /api/metrics/query together, one request and one
 * database transaction per dashboard instead of one per chart. Each chart still gets its own
 * answer or error.
 */

export type ChartQuery = Record<string, string>;
export type ChartData = { series: { id: number; label: string; unit: string; points: [number, number][] }[]; resolution: string; bucketSeconds: number };

type Waiting = { query: ChartQuery; signal: AbortSignal; resolve: (data: ChartData) => void; reject: (error: Error) => void };
type Answer = ChartData | { error: { message: string } };

let waiting: Waiting[] = [];

const aborted = () => new DOMException("The chart was closed.", "AbortError");

/** One chart's points (the parameters of GET /api/metrics/query), batched with the others asked for now. */
export function fetchChartData(query: ChartQuery, signal: AbortSignal): Promise<ChartData> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(aborted());
    waiting.push({ query, signal, resolve, reject });
    if (waiting.length === 1) setTimeout(flush, 0);
  });
}

function flush() {
  const batch = waiting.filter((w) => !w.signal.aborted);
  for (const w of waiting) if (w.signal.aborted) w.reject(aborted());
  waiting = [];
  for (let i = 0; i < batch.length; i += MAX_BATCH_QUERIES) void send(batch.slice(i, i + MAX_BATCH_QUERIES));
}

async function send(batch: Waiting[]) {
  try {
    const r = await fetch("/api/metrics/query", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ queries: batch.map((w) => w.query) }) });
    const body = (await r.json()) as { results?: Answer[]; error?: { message: string } };
    if (!r.ok || !body.results) throw new Error(body.error?.message ?? `The query failed (${r.status}).`);
    body.results.forEach((answer, i) => {
      const w = batch[i];
      if (w.signal.aborted) w.reject(aborted());
      else if ("error" in answer) w.reject(new Error(answer.error.message));
      else w.resolve(answer);
    });
  } catch (error) {
    for (const w of batch) w.reject(w.signal.aborted ? aborted() : error instanceof Error ? error : new Error("The query failed."));
  }
}
