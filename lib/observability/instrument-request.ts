import { logContext, requestIdFrom, withLogContext } from "./log-context";
import { instruments, routeLabel } from "./prom-registry";

/**
 * Runs a route handler inside a log context (request id, route) and records its duration by
 * route and status. A handler may name a better route label (the API router names its
 * operation's template) through setRouteLabel().
 */
export async function instrumentRequest(request: unknown, fn: () => Promise<Response>): Promise<Response> {
  const req = request instanceof Request ? request : undefined;
  const requestId = requestIdFrom(req?.headers);
  const started = performance.now();
  const route = req ? routeLabel(new URL(req.url).pathname) : "unknown";
  return withLogContext({ requestId, route }, async () => {
    const response = await fn();
    const seconds = (performance.now() - started) / 1000;
    instruments().httpDuration.observe({ route: logContext()?.route ?? route, method: req?.method ?? "GET", status: String(response.status) }, seconds);
    try {
      response.headers.set("x-request-id", requestId);
    } catch {
      // Some responses (redirects) have immutable headers; the id is still in the logs.
    }
    return response;
  });
}

export function setRouteLabel(route: string): void {
  const store = logContext();
  if (store) store.route = route;
}
