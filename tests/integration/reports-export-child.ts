// Streams one metrics CSV export in a separate process and reports its peak resident memory
// (VmHWM), so a test can compare exports of different sizes. Environment: DATABASE_URL,
// TENANT_ID, USER_ID, REQUEST (a ReportRequest as JSON), FROM, TO. Prints one JSON line.
import fs from "node:fs";
import { Writable } from "node:stream";
import { eq } from "drizzle-orm";
import { createDb, schema } from "@/lib/db";
import { renderMetricsCsv, ReportRequest } from "@/lib/reports";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const db = createDb(env("DATABASE_URL"), { max: 2 });
const [tenant] = await db.select().from(schema.tenants).where(eq(schema.tenants.id, env("TENANT_ID")));
const request = ReportRequest.parse(JSON.parse(env("REQUEST")));
if (request.kind !== "metrics") throw new Error("a metrics request");
let bytes = 0;
let rows = -1;
const sink = new Writable({
  write(chunk: Buffer, _encoding, callback) {
    bytes += chunk.length;
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) rows++;
    callback();
  },
});
const started = Date.now();
await renderMetricsCsv({
  ctx: { tenant, db, actor: { userId: env("USER_ID"), email: "child@acme.test", name: "Child", role: "owner" } },
  request,
  window: { from: new Date(env("FROM")), to: new Date(env("TO")), generatedAt: new Date() },
  out: sink,
  progress: () => undefined,
});
const seconds = (Date.now() - started) / 1000;
const status = fs.readFileSync("/proc/self/status", "utf8");
const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
process.stdout.write(`${JSON.stringify({ rows, bytes, seconds, peakRssMb: peakKb / 1024 })}\n`);
await db.$client.end();
