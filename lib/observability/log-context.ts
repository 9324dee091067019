import { AsyncLocalStorage } from "node:async_hooks";
import crypto from "node:crypto";

/*
 * Who a log line is about: the request or job being handled, and its tenant. lib/log's mixin adds
 * these fields to every line written inside withLogContext(), so a verb logs plain messages and
 * still carries the request id, tenant id and job id without passing a logger around.
 */
export type LogContext = { requestId?: string; route?: string; tenantId?: string; jobId?: string; queue?: string };

const globalStore = globalThis as unknown as { monitrLogContext?: AsyncLocalStorage<LogContext> };
const storage = (globalStore.monitrLogContext ??= new AsyncLocalStorage<LogContext>());

export function withLogContext<T>(context: LogContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...context }, fn);
}

/** The current context (mutable: a guard names the tenant once it knows it). */
export function logContext(): LogContext | undefined {
  return storage.getStore();
}

export function setLogTenant(tenantId: string): void {
  const store = storage.getStore();
  if (store) store.tenantId = tenantId;
}

const REQUEST_ID = /^[\w.:-]{1,64}$/;

/** An upstream proxy's X-Request-Id when it looks sane, else a fresh one. */
export function requestIdFrom(headers: Headers | undefined): string {
  const given = headers?.get("x-request-id");
  return given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
}
