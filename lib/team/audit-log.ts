import { stringify } from "csv-stringify";
import { and, desc, eq, gte, like, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { TenantContext } from "@/lib/auth/guard";
import { schema, withTenant } from "@/lib/db";
import { requirePermission } from "./permissions";

const day = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-01-31.")
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), "Use a real date.");

/** Filters from the query string; empty fields mean "any". Dates are whole UTC days, both inclusive. */
export const AuditFilter = z
  .object({
    actor: z.uuid({ error: "Choose a member." }).optional().or(z.literal("").transform(() => undefined)),
    action: z.string().trim().max(80, "Use at most 80 characters.").optional().transform((a) => a || undefined),
    from: day.optional().or(z.literal("").transform(() => undefined)),
    to: day.optional().or(z.literal("").transform(() => undefined)),
    before: z.coerce.number().int().positive().optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "The end date is before the start date.", path: ["to"] });
export type AuditFilter = z.infer<typeof AuditFilter>;

export type AuditEvent = {
  id: number;
  createdAt: Date;
  actorUserId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  action: string;
  target: string | null;
  ip: string | null;
  data: Record<string, unknown>;
};

function conditions(f: AuditFilter): SQL | undefined {
  const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000);
  return and(
    f.actor ? eq(schema.auditLog.actorUserId, f.actor) : undefined,
    // "member." matches every member action; "member.removed" matches just that one.
    f.action ? (f.action.endsWith(".") ? like(schema.auditLog.action, `${f.action.replace(/[%_\\]/g, "\\$&")}%`) : eq(schema.auditLog.action, f.action)) : undefined,
    f.from ? gte(schema.auditLog.createdAt, new Date(`${f.from}T00:00:00Z`)) : undefined,
    f.to ? lt(schema.auditLog.createdAt, nextDay(f.to)) : undefined,
    f.before ? lt(schema.auditLog.id, f.before) : undefined,
  );
}

/** One page, newest first, keyed by id (`before` = the last id of the previous page). */
export async function listAuditEvents(ctx: TenantContext, filter: AuditFilter, limit = 50): Promise<AuditEvent[]> {
  requirePermission(ctx, "audit.view");
  const rows = await withTenant(
    ctx.tenant.id,
    (tx) =>
      tx
        .select({
          id: schema.auditLog.id,
          createdAt: schema.auditLog.createdAt,
          actorUserId: schema.auditLog.actorUserId,
          action: schema.auditLog.action,
          target: schema.auditLog.target,
          ip: schema.auditLog.ip,
          data: schema.auditLog.data,
          actorName: schema.users.name,
          actorEmail: schema.users.email,
        })
        .from(schema.auditLog)
        // Through the application role, users outside this workspace (e.g. removed members) read as null.
        .leftJoin(schema.users, eq(schema.users.id, schema.auditLog.actorUserId))
        .where(conditions(filter))
        .orderBy(desc(schema.auditLog.id))
        .limit(Math.min(limit, 1000)),
    { db: ctx.db, userId: ctx.actor.userId },
  );
  return rows;
}

/** The distinct actions recorded so far, for the filter's suggestions. */
export async function listAuditActions(ctx: TenantContext): Promise<string[]> {
  requirePermission(ctx, "audit.view");
  const rows = await withTenant(ctx.tenant.id, (tx) => tx.selectDistinct({ action: schema.auditLog.action }).from(schema.auditLog).orderBy(schema.auditLog.action), {
    db: ctx.db,
    userId: ctx.actor.userId,
  });
  return rows.map((r) => r.action);
}

const CSV_PAGE = 500;

/** Spreadsheet formula injection: a cell a person typed (a name, a target) must not start a formula. */
function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * The filtered log as CSV, streamed: pages of 500 rows are read (each in its own short
 * transaction) only as fast as the client takes them, so a large export holds no long transaction
 * and no whole-log buffer.
 */
export function auditCsvStream(ctx: TenantContext, filter: AuditFilter): ReadableStream<Uint8Array> {
  requirePermission(ctx, "audit.view");
  const csv = stringify({ header: true, columns: ["time", "actor_email", "actor_name", "actor_id", "action", "target", "ip", "data"] });
  let before = filter.before;
  let done = false;
  const encoder = new TextEncoder();
  const reader = csv[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await reader.next();
      if (next.done) return controller.close();
      controller.enqueue(typeof next.value === "string" ? encoder.encode(next.value) : new Uint8Array(next.value as Buffer));
    },
    start() {
      void (async () => {
        try {
          while (!done) {
            const page = await listAuditEvents(ctx, { ...filter, before }, CSV_PAGE);
            for (const e of page) {
              const ok = csv.write([e.createdAt.toISOString(), e.actorEmail ?? "", e.actorName ?? "", e.actorUserId ?? "", e.action, e.target ?? "", e.ip ?? "", JSON.stringify(e.data)].map(safeCell));
              if (!ok) await new Promise((resolve) => csv.once("drain", resolve));
            }
            done = page.length < CSV_PAGE;
            before = page.at(-1)?.id;
          }
          csv.end();
        } catch (error) {
          csv.destroy(error as Error);
        }
      })();
    },
    cancel() {
      done = true;
      csv.destroy();
    },
  });
}
