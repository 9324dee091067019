import type { MetricStat, Resolution } from "./types";

/*
 * Finished chart buckets, kept in memory so a 30-day chart reads only its recent tail from
 * Postgres. A bucket is finished once it ends more than `lateWindowMs` before its series' last
 * stored point (and before now): collection re-reads only the last 10 minutes before that point
 * (aws.collect.metricsOverlapSeconds), so later writes land in the live tail. What the window
 * cannot see — a backfill job writing older points, retention deleting them — shows after at
 * most `ttlMs`, when the entry is read again in full (docs/decisions.md, "Finished-bucket cache").
 *
 * Entries are per (tenant, series, source, bucket width, statistic) and hold one contiguous run
 * of buckets; the cache is bounded by bytes and evicts the least recently used entry. Only
 * queries "as known now" use it: an asOf query reads Postgres.
 */

export type BucketRun = {
  /** Start of the first bucket, epoch ms, a multiple of bucketMs. */
  start: number;
  bucketMs: number;
  /** One value per bucket; `present[i] === 0` means the bucket has no data. */
  values: Float64Array;
  present: Uint8Array;
};

type Entry = BucketRun & { storedAt: number; bytes: number };

export type BucketCacheOptions = {
  /** Memory bound for all entries together. */
  maxBytes?: number;
  /** An entry older than this is read again in full. */
  ttlMs?: number;
  /** Buckets ending less than this before their series' last point (or now) stay live. */
  lateWindowMs?: number;
  /** Longest run one entry keeps, in buckets. */
  maxBuckets?: number;
  now?: () => number;
};

export const DEFAULT_CACHE_BYTES = 64 * 2 ** 20;
export const DEFAULT_CACHE_TTL_MS = 10 * 60_000;
/** Six times collection's 10-minute overlap: CloudWatch's own publication lag fits in it too. */
export const DEFAULT_LATE_WINDOW_MS = 60 * 60_000;
const ENTRY_OVERHEAD_BYTES = 200;

export const bucketEnd = (run: BucketRun) => run.start + run.values.length * run.bucketMs;

export class BucketCache {
  readonly maxBytes: number;
  readonly ttlMs: number;
  readonly lateWindowMs: number;
  readonly maxBuckets: number;
  readonly now: () => number;
  readonly stats = { hits: 0, misses: 0, evictions: 0 };
  private readonly entries = new Map<string, Entry>();
  private totalBytes = 0;

  constructor(options: BucketCacheOptions = {}) {
    this.maxBytes = options.maxBytes ?? DEFAULT_CACHE_BYTES;
    this.ttlMs = options.ttlMs ?? DEFAULT_CACHE_TTL_MS;
    this.lateWindowMs = options.lateWindowMs ?? DEFAULT_LATE_WINDOW_MS;
    this.maxBuckets = options.maxBuckets ?? 20_000;
    this.now = options.now ?? Date.now;
  }

  static key(k: { tenantId: string; seriesId: number; source: Resolution; bucketMs: number; stat: MetricStat }): string {
    return `${k.tenantId}|${k.seriesId}|${k.source}|${k.bucketMs}|${k.stat}`;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The entry's run, if it is younger than the TTL; marks it recently used. */
  get(key: string): BucketRun | undefined {
    const entry = this.entries.get(key);
    if (!entry || this.now() - entry.storedAt > this.ttlMs) {
      if (entry) this.remove(key, entry);
      this.stats.misses++;
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.stats.hits++;
    return entry;
  }

  /**
   * Stores a run read at `readAt`. A live entry it overlaps or touches is merged with it (the
   * new values win), and the merged entry keeps the older read time, so the TTL bounds the age
   * of every bucket in it.
   */
  put(key: string, run: BucketRun, readAt: number): void {
    if (run.values.length === 0) return;
    const old = this.entries.get(key);
    let next: Entry = { ...run, storedAt: readAt, bytes: entryBytes(run.values.length) };
    if (old && old.bucketMs === run.bucketMs && this.now() - old.storedAt <= this.ttlMs && old.start <= bucketEnd(run) && bucketEnd(old) >= run.start) {
      const start = Math.min(old.start, run.start);
      const n = (Math.max(bucketEnd(old), bucketEnd(run)) - start) / run.bucketMs;
      if (n <= this.maxBuckets) {
        const merged = { start, bucketMs: run.bucketMs, values: new Float64Array(n), present: new Uint8Array(n) };
        copyRun(old, merged);
        copyRun(run, merged);
        next = { ...merged, storedAt: Math.min(old.storedAt, readAt), bytes: entryBytes(n) };
      }
    }
    if (next.values.length > this.maxBuckets) return;
    if (old) this.remove(key, old);
    this.entries.set(key, next);
    this.totalBytes += next.bytes;
    for (const [k, e] of this.entries) {
      if (this.totalBytes <= this.maxBytes) break;
      this.remove(k, e);
      this.stats.evictions++;
    }
  }

  clear(): void {
    this.entries.clear();
    this.totalBytes = 0;
  }

  private remove(key: string, entry: Entry) {
    this.entries.delete(key);
    this.totalBytes -= entry.bytes;
  }
}

// Per bucket: its value and presence, and the JSON text a response renders of it (bucket-series.ts).
function entryBytes(n: number): number {
  return n * 48 + ENTRY_OVERHEAD_BYTES;
}

function copyRun(from: BucketRun, to: BucketRun) {
  const offset = (from.start - to.start) / to.bucketMs;
  to.values.set(from.values, offset);
  to.present.set(from.present, offset);
}

// One cache per database handle: tests and benchmarks open several databases in one process,
// and a tenant id is only unique within its database.
const caches = new WeakMap<object, BucketCache>();

/** The process-wide cache for one database handle (a Db, never a transaction). */
export function bucketCacheFor(db: object, options?: BucketCacheOptions): BucketCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new BucketCache(options);
    caches.set(db, cache);
  }
  return cache;
}
