import type { FinalizeRequestMiddleware, HandlerExecutionContext, MiddlewareStack } from "@smithy/types";

/*
 * Counts AWS API calls of one sync run: every HTTP attempt, retries included, because each is
 * billed to the customer (GetMetricData, Cost Explorer) or counts against their rate limits.
 */
export type ApiCallCounter = { total: number; byAction: Record<string, number> };

export function createApiCallCounter(): ApiCallCounter {
  return { total: 0, byAction: {} };
}

export function countCall(counter: ApiCallCounter, action: string): void {
  counter.total += 1;
  counter.byAction[action] = (counter.byAction[action] ?? 0) + 1;
}

/** A finalizeRequest-step middleware: it runs once per HTTP attempt, inside the SDK's retry loop. */
export function attachCounter<I extends object, O extends object>(client: { middlewareStack: MiddlewareStack<I, O> }, counter: ApiCallCounter): void {
  const middleware: FinalizeRequestMiddleware<I, O> = (next, context: HandlerExecutionContext) => async (args) => {
    countCall(counter, context.commandName?.replace(/Command$/, "") ?? "unknown");
    return next(args);
  };
  client.middlewareStack.add(middleware, { step: "finalizeRequest", name: "monitrApiCallCounter", override: true });
}
