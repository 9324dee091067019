import { withTenant, type Db, type Tx } from "@/lib/db";
import { writePoints, type Point, type WriteResult } from "@/lib/metrics";
import { writePointsNaive } from "../lib/naive-writer";

const BATCH = Number(process.env.BENCH_WRITE_BATCH ?? 50_000);
const PER_SERIES = 20;
const NAIVE_SERIES = 500;
const MINUTE = 60_000;
const HOUR = 3_600_000;

type Writer = (tx: Tx, tenantId: string, points: Point[]) => Promise<WriteResult>;

function pointsFor(seriesIds: number[], baseMs: number, value: (i: number) => number): Point[] {
  const points: Point[] = [];
  for (const seriesId of seriesIds) for (let i = 0; i < PER_SERIES; i++) points.push({ seriesId, ts: new Date(baseMs + i * MINUTE), value: value(i) });
  return points;
}

/** Writes the points in BATCH-sized transactions, on `lanes` connections at once; points per second. */
async function rate(db: Db, tenantId: string, writer: Writer, lanes: Point[][], expect: keyof WriteResult): Promise<number> {
  const total = lanes.reduce((n, l) => n + l.length, 0);
  let counted = 0;
  const started = performance.now();
  await Promise.all(
    lanes.map(async (points) => {
      for (let i = 0; i < points.length; i += BATCH) {
        const result = await withTenant(tenantId, (tx) => writer(tx, tenantId, points.slice(i, i + BATCH)), { db });
        counted += result[expect];
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  // A rate is only worth reporting if the points really took the path it names.
  if (counted !== total) throw new Error(`expected ${total} points ${expect}, got ${counted}`);
  return total / seconds;
}

/**
 * Write rates of writePoints and of the naive writer on the same kinds of points, all after the
 * collected data (new points) or well before it (back-fill), on time ranges no other pass uses.
 */
export async function writeRates(db: Db, tenantId: string, seriesIds: number[], anchorMs: number) {
  const random = () => Math.random() * 100;
  const naiveIds = seriesIds.slice(0, NAIVE_SERIES);
  // Untimed warm-up, so neither naive pass pays for the JIT (writePoints is warm from the cycles).
  await rate(db, tenantId, writePointsNaive, [pointsFor(seriesIds.slice(-NAIVE_SERIES), anchorMs - 80 * HOUR, random)], "inserted");
  const fresh = pointsFor(seriesIds, anchorMs + 2 * HOUR, random);
  const freshRate = await rate(db, tenantId, writePoints, [fresh], "inserted");
  const naiveFresh = await rate(db, tenantId, writePointsNaive, [pointsFor(naiveIds, anchorMs + 2 * HOUR + 30 * MINUTE, random)], "inserted");
  const half = Math.ceil(seriesIds.length / 2);
  const freshParallel = await rate(
    db,
    tenantId,
    writePoints,
    [pointsFor(seriesIds.slice(0, half), anchorMs + 3 * HOUR, random), pointsFor(seriesIds.slice(half), anchorMs + 3 * HOUR, random)],
    "inserted",
  );
  const backfill = pointsFor(seriesIds, anchorMs - 30 * HOUR, (i) => i);
  const backfillRate = await rate(db, tenantId, writePoints, [backfill], "inserted");
  const reread = await rate(db, tenantId, writePoints, [backfill], "unchanged");
  const naiveBackfill = await rate(db, tenantId, writePointsNaive, [pointsFor(naiveIds, anchorMs - 54 * HOUR, (i) => i)], "inserted");
  return { batch: BATCH, points: fresh.length, fresh: freshRate, freshParallel, backfill: backfillRate, reread, naiveFresh, naiveBackfill };
}
