import type { Db } from "@/lib/db";
import { ConflictError, NotFoundError } from "@/lib/http/errors";
import { getFileRow, readChunks, type ReportFileRow } from "./file-store";
import { isUuid } from "@/lib/http/validate";


/** A done, unexpired file and its bytes as a web stream (chunks are read as the client takes them). */
export async function openDownload({ db, tenantId, fileId, now = new Date() }: { db: Db; tenantId: string; fileId: string; now?: Date }): Promise<{ file: ReportFileRow; body: ReadableStream<Uint8Array> }> {
  const file = isUuid(fileId) ? await getFileRow(db, tenantId, fileId) : undefined;
  if (!file || file.expiresAt.getTime() <= now.getTime()) throw new NotFoundError("No such report file (files are kept for a limited time).");
  if (file.status === "failed") throw new ConflictError(`This report failed: ${file.error ?? "no content"}.`);
  if (file.status !== "done") throw new ConflictError("This report is still being generated.");
  const chunks = readChunks(db, tenantId, fileId);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return { file, body };
}

/** Response headers for a file download. */
export function downloadHeaders(file: ReportFileRow): Record<string, string> {
  const ascii = file.filename.replace(/[^\w.-]/g, "_");
  return {
    "Content-Type": file.contentType,
    "Content-Length": String(file.sizeBytes),
    "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
  };
}
