import { Writable } from "node:stream";
import { and, asc, desc, eq, gt, lt, sql } from "drizzle-orm";
import { reportFileChunks, reportFiles } from "@/db/tables/reports";
import { withTenant, type Db } from "@/lib/db";

/*
 * Report files live in Postgres: a `report_files` row (status, progress, who made it, expiry)
 * and the content as ~1 MiB `report_file_chunks`. A writer flushes each chunk in its own short
 * transaction, so memory holds one chunk whatever the file's size, and any web replica can serve
 * a file any worker wrote. Reading streams the chunks back one at a time.
 */

export const CHUNK_BYTES = 1024 * 1024;

export type ReportFileRow = typeof reportFiles.$inferSelect;

/** A Writable that stores what it receives as the file's chunks. */
export class ChunkWriter extends Writable {
  private parts: Buffer[] = [];
  private buffered = 0;
  seq = 0;
  size = 0;

  constructor(private readonly db: Db, private readonly tenantId: string, private readonly fileId: string) {
    super({ highWaterMark: CHUNK_BYTES });
  }

  private async flush(): Promise<void> {
    if (this.buffered === 0) return;
    const data = Buffer.concat(this.parts, this.buffered);
    this.parts = [];
    this.buffered = 0;
    const seq = this.seq++;
    await withTenant(this.tenantId, (tx) => tx.insert(reportFileChunks).values({ tenantId: this.tenantId, fileId: this.fileId, seq, data }), { db: this.db });
  }

  override _write(chunk: Buffer | string, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, encoding);
    this.parts.push(buf);
    this.buffered += buf.length;
    this.size += buf.length;
    if (this.buffered < CHUNK_BYTES) return callback();
    this.flush().then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.flush().then(() => callback(), callback);
  }
}

/** The file's bytes, one chunk per round trip (keyset by seq), each read in its own short transaction. */
export async function* readChunks(db: Db, tenantId: string, fileId: string): AsyncGenerator<Buffer> {
  let next = -1;
  for (;;) {
    const [row] = await withTenant(
      tenantId,
      (tx) =>
        tx
          .select({ seq: reportFileChunks.seq, data: reportFileChunks.data })
          .from(reportFileChunks)
          .where(and(eq(reportFileChunks.tenantId, tenantId), eq(reportFileChunks.fileId, fileId), gt(reportFileChunks.seq, next)))
          .orderBy(asc(reportFileChunks.seq))
          .limit(1),
      { db },
    );
    if (!row) return;
    next = row.seq;
    yield row.data;
  }
}

export async function readWhole(db: Db, tenantId: string, fileId: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of readChunks(db, tenantId, fileId)) parts.push(part);
  return Buffer.concat(parts);
}

export async function getFileRow(db: Db, tenantId: string, fileId: string): Promise<ReportFileRow | undefined> {
  const [row] = await withTenant(tenantId, (tx) => tx.select().from(reportFiles).where(and(eq(reportFiles.tenantId, tenantId), eq(reportFiles.id, fileId))).limit(1), { db });
  return row;
}

export async function listFileRows(db: Db, tenantId: string, now: Date, limit = 50): Promise<ReportFileRow[]> {
  return withTenant(
    tenantId,
    (tx) => tx.select().from(reportFiles).where(and(eq(reportFiles.tenantId, tenantId), gt(reportFiles.expiresAt, now))).orderBy(desc(reportFiles.createdAt)).limit(limit),
    { db },
  );
}

/** Progress of a running file (throttled by the caller); also its heartbeat. */
export async function setProgress(db: Db, tenantId: string, fileId: string, progress: number): Promise<void> {
  const pct = Math.max(0, Math.min(99, Math.floor(progress * 100)));
  await withTenant(tenantId, (tx) => tx.update(reportFiles).set({ progress: pct, heartbeatAt: new Date() }).where(and(eq(reportFiles.tenantId, tenantId), eq(reportFiles.id, fileId))), { db });
}

export async function finishFile(db: Db, tenantId: string, fileId: string, written: { size: number; chunks: number }): Promise<ReportFileRow> {
  const [row] = await withTenant(
    tenantId,
    (tx) =>
      tx
        .update(reportFiles)
        .set({ status: "done", progress: 100, sizeBytes: written.size, chunks: written.chunks, finishedAt: new Date(), heartbeatAt: new Date() })
        .where(and(eq(reportFiles.tenantId, tenantId), eq(reportFiles.id, fileId)))
        .returning(),
    { db },
  );
  return row;
}

/** A failed file keeps its row (the list shows why) and loses its partial content. */
export async function failFile(db: Db, tenantId: string, fileId: string, message: string): Promise<void> {
  await withTenant(
    tenantId,
    async (tx) => {
      await tx.delete(reportFileChunks).where(and(eq(reportFileChunks.tenantId, tenantId), eq(reportFileChunks.fileId, fileId)));
      await tx.update(reportFiles).set({ status: "failed", error: message.slice(0, 500), finishedAt: new Date() }).where(and(eq(reportFiles.tenantId, tenantId), eq(reportFiles.id, fileId)));
    },
    { db },
  );
}

/** Deletes expired files and their content; returns how many files went. */
export async function deleteExpiredFiles(db: Db, tenantId: string, now: Date): Promise<number> {
  return withTenant(
    tenantId,
    async (tx) => {
      const gone = await tx.delete(reportFiles).where(and(eq(reportFiles.tenantId, tenantId), lt(reportFiles.expiresAt, now))).returning({ id: reportFiles.id });
      if (gone.length) {
        await tx.execute(sql`delete from report_file_chunks where tenant_id = ${tenantId} and file_id = any(${sql.param(gone.map((g) => g.id))}::uuid[])`);
      }
      return gone.length;
    },
    { db },
  );
}
