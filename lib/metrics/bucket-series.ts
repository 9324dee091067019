import type { BucketRun } from "./bucket-cache";

/*
 * One series' buckets as a query answers them: loose rows read from Postgres, and slices of
 * cached runs, in time order. Nothing is copied per bucket until a caller asks for a form: an
 * array, tuples, or JSON text. The JSON text of a run is built once and then sliced, so a cached
 * 30-day chart is answered without formatting its 720 numbers again; that formatting was the
 * largest cost of a warm dashboard request (measured, bench/dashboards).
 */

export type BucketValue = { ms: number; value: number };
type Slice = { run: BucketRun; from: number; to: number };
type Segment = BucketValue[] | Slice;

// JSON has no NaN or Infinity; JSON.stringify writes null for them, and so does this.
const num = (v: number) => (Number.isFinite(v) ? String(v) : "null");

type RunText = { text: string; offsets: Uint32Array };
const texts = new WeakMap<BucketRun, RunText>();

/** `[ms,value],` per present bucket, and where each bucket's text starts. */
function runText(run: BucketRun): RunText {
  let t = texts.get(run);
  if (!t) {
    const n = run.values.length;
    const offsets = new Uint32Array(n + 1);
    let text = "";
    for (let i = 0; i < n; i++) {
      offsets[i] = text.length;
      if (run.present[i]) text += `[${run.start + i * run.bucketMs},${num(run.values[i])}],`;
    }
    offsets[n] = text.length;
    t = { text, offsets };
    texts.set(run, t);
  }
  return t;
}

export class BucketSeries {
  constructor(private readonly segments: Segment[]) {}

  static of(points: BucketValue[]): BucketSeries {
    return new BucketSeries([points]);
  }

  forEach(fn: (ms: number, value: number) => void): void {
    for (const s of this.segments) {
      if (Array.isArray(s)) for (const p of s) fn(p.ms, p.value);
      else for (let i = s.from; i < s.to; i++) if (s.run.present[i]) fn(s.run.start + i * s.run.bucketMs, s.run.values[i]);
    }
  }

  get length(): number {
    let n = 0;
    this.forEach(() => n++);
    return n;
  }

  toArray(): BucketValue[] {
    const out: BucketValue[] = [];
    this.forEach((ms, value) => out.push({ ms, value }));
    return out;
  }

  toTuples(): [number, number][] {
    const out: [number, number][] = [];
    this.forEach((ms, value) => out.push([ms, value]));
    return out;
  }

  /** The highest value (NaN if any value is NaN, like Math.max). */
  peak(): number {
    let max = Number.NEGATIVE_INFINITY;
    this.forEach((_ms, value) => (max = Math.max(max, value)));
    return max;
  }

  /**
   * `[[ms,value],…]`, as JSON.stringify would write the tuples. Built by concatenation and O(1)
   * slices of each run's flat text, so the 250 kB of a dashboard are copied once, when written.
   */
  json(): string {
    let out = "[";
    let first = true;
    const add = (piece: string) => {
      out += first ? piece : `,${piece}`;
      first = false;
    };
    for (const s of this.segments) {
      if (Array.isArray(s)) {
        if (s.length) add(s.map((p) => `[${p.ms},${num(p.value)}]`).join(","));
      } else if (s.from < s.to) {
        const t = runText(s.run);
        // Every bucket's text ends with a comma; the slice drops the last one.
        if (t.offsets[s.to] > t.offsets[s.from]) add(t.text.slice(t.offsets[s.from], t.offsets[s.to] - 1));
      }
    }
    return `${out}]`;
  }
}
