import { once } from "node:events";
import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { stringify } from "csv-stringify";

export type CsvCell = string | number | boolean;
/** Writes one row; returns a promise only when the consumer is behind (await it then). */
export type WriteRow = (row: CsvCell[]) => Promise<void> | undefined;

/**
 * CSV through csv-stringify into `out`, with backpressure: when the consumer (a download, the
 * chunk store) is behind, the producer waits for it, so memory holds one batch, not the export.
 * Rows are arrays in column order (cheaper than objects at millions of rows).
 */
export async function writeCsv(out: Writable, columns: readonly string[], produce: (write: WriteRow) => Promise<void>): Promise<void> {
  const csv = stringify({ header: true, columns: [...columns], cast: { boolean: (v) => (v ? "true" : "false") } });
  const done = pipeline(csv, out);
  const write: WriteRow = (row) => (csv.write(row) ? undefined : once(csv, "drain").then(() => undefined));
  try {
    await produce(write);
    csv.end();
  } catch (error) {
    csv.destroy(error instanceof Error ? error : new Error(String(error)));
    await done.catch(() => undefined);
    throw error;
  }
  await done;
}
