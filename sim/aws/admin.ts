import { z } from "zod";
import { PLATFORM_ACCOUNT_ID } from "./account";
import { FaultSpec } from "./faults";
import { READ_ONLY_ACTIONS } from "./permissions";
import type { SimResponse } from "./protocols";
import { RoleStoreError } from "./role-store";
import type { SimCore } from "./sim-core";

// Unsigned admin endpoints under /_sim/ for tests and demos.

export const ClockUpdate = z.union([
  z.object({ fixedTime: z.string().datetime().nullable() }),
  z.object({ offsetMs: z.number().int() }),
  z.object({ advanceMs: z.number().int() }),
]);
export type ClockUpdate = z.infer<typeof ClockUpdate>;

export const CreateRoleRequest = z.object({
  roleName: z.string().regex(/^[\w+=,.@-]{1,64}$/),
  externalId: z.string().min(2).max(1224).nullable(),
  /** IAM action patterns granted; defaults to Monitr's read-only set. */
  allow: z.array(z.string()).optional(),
  deny: z.array(z.string()).optional(),
  trustedAccountIds: z.array(z.string().regex(/^\d{12}$/)).optional(),
  maxSessionDurationSeconds: z.number().int().min(3600).max(43_200).optional(),
});
export type CreateRoleRequest = z.infer<typeof CreateRoleRequest>;

/** A new permissions policy for a role; a list left out keeps its current value. */
export const UpdateRolePolicyRequest = z.object({
  roleName: z.string().regex(/^[\w+=,.@-]{1,64}$/),
  allow: z.array(z.string()).optional(),
  deny: z.array(z.string()).optional(),
});
export type UpdateRolePolicyRequest = z.infer<typeof UpdateRolePolicyRequest>;

const json = (status: number, value: unknown): SimResponse => ({
  status,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(value, null, 2),
});

export function applyClockUpdate(core: SimCore, update: ClockUpdate): void {
  if ("fixedTime" in update) core.clock.setFixed(update.fixedTime === null ? null : new Date(update.fixedTime));
  else if ("offsetMs" in update) core.clock.setOffset(update.offsetMs);
  else core.clock.setOffset(core.clock.state().offsetMs + update.advanceMs);
}

export function createRole(core: SimCore, request: CreateRoleRequest): { roleArn: string; roleName: string; externalId: string | null } {
  const role = core.roles.create({
    roleName: request.roleName,
    externalId: request.externalId,
    trustedAccountIds: request.trustedAccountIds ?? [PLATFORM_ACCOUNT_ID],
    allow: request.allow ?? READ_ONLY_ACTIONS,
    deny: request.deny ?? [],
    ...(request.maxSessionDurationSeconds ? { maxSessionDurationSeconds: request.maxSessionDurationSeconds } : {}),
    source: "admin",
    createdAt: core.clock.now(),
  });
  return { roleArn: role.arn, roleName: role.roleName, externalId: role.externalId };
}

export function updateRolePolicy(core: SimCore, request: UpdateRolePolicyRequest): { roleArn: string; allow: string[]; deny: string[] } {
  const role = core.roles.updatePolicy(request.roleName, { ...(request.allow ? { allow: request.allow } : {}), ...(request.deny ? { deny: request.deny } : {}) });
  return { roleArn: role.arn, allow: role.allow, deny: role.deny };
}

type AdminRoute = (core: SimCore, body: unknown) => SimResponse;

const routes: Record<string, AdminRoute> = {
  "GET /_sim/health": (core) => json(200, { ok: true, now: core.clock.now().toISOString() }),
  "GET /_sim/scenario": (core) => json(200, core.description),
  "GET /_sim/faults": (core) => json(200, core.faults.current()),
  "POST /_sim/faults": (core, body) => json(200, core.faults.set(FaultSpec.parse(body))),
  "DELETE /_sim/faults": (core) => {
    core.faults.reset();
    return json(200, core.faults.current());
  },
  "GET /_sim/clock": (core) => json(200, core.clock.state()),
  "POST /_sim/clock": (core, body) => {
    applyClockUpdate(core, ClockUpdate.parse(body));
    return json(200, core.clock.state());
  },
  "DELETE /_sim/clock": (core) => {
    core.clock.reset();
    return json(200, core.clock.state());
  },
  "GET /_sim/roles": (core) => json(200, core.roles.list()),
  "POST /_sim/roles": (core, body) => json(201, createRole(core, CreateRoleRequest.parse(body))),
  "PATCH /_sim/roles": (core, body) => json(200, updateRolePolicy(core, UpdateRolePolicyRequest.parse(body))),
};

export function handleAdmin(core: SimCore, method: string, path: string, body: Buffer): SimResponse {
  const route = routes[`${method} ${path.replace(/\/$/, "")}`];
  if (!route) return json(404, { error: `No admin route ${method} ${path}`, routes: Object.keys(routes) });
  try {
    const text = body.toString("utf8");
    return route(core, text ? (JSON.parse(text) as unknown) : {});
  } catch (error) {
    if (error instanceof z.ZodError) return json(400, { error: "Invalid request", issues: error.issues });
    if (error instanceof SyntaxError) return json(400, { error: "Body must be JSON" });
    if (error instanceof RoleStoreError) return json(409, { error: error.message });
    throw error;
  }
}
