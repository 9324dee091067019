import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type ClockUpdate, type CreateRoleRequest, type UpdateRolePolicyRequest, applyClockUpdate, createRole, handleAdmin, updateRolePolicy } from "./admin";
import type { ClockState } from "./clock";
import { handleCloudFormation } from "./cloudformation";
import type { FaultSpec, FaultSpecInput } from "./faults";
import type { SimResponse } from "./protocols";
import { HANG, handleAwsRequest } from "./request-pipeline";
import type { AwsSimScenario } from "./scenario-description";
import { type SimCoreOptions, createSimCore } from "./sim-core";

export interface AwsSimOptions extends SimCoreOptions {
  /** 0 picks a free port. Default 0. */
  port?: number;
  host?: string;
}

export interface AwsSim {
  /** Base URL to use as the SDK clients' `endpoint`. */
  url: string;
  port: number;
  scenario: AwsSimScenario;
  close(): Promise<void>;
  /** Replaces the active faults. */
  setFaults(faults: FaultSpecInput): FaultSpec;
  resetFaults(): void;
  /** Moves the simulator clock: fixed instant, offset from the base clock, or a relative advance. */
  setClock(update: ClockUpdate): ClockState;
  resetClock(): void;
  now(): Date;
  createRole(request: CreateRoleRequest): { roleArn: string; roleName: string; externalId: string | null };
  /** Replaces a runtime-created role's allow and/or deny lists (IAM PutRolePolicy). */
  updateRolePolicy(request: UpdateRolePolicyRequest): { roleArn: string; allow: string[]; deny: string[] };
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error("request body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, response: SimResponse): void {
  res.writeHead(response.status, { ...response.headers, "content-length": Buffer.byteLength(response.body) });
  res.end(response.body);
}

export async function startAwsSim(options: AwsSimOptions = {}): Promise<AwsSim> {
  const core = createSimCore(options);
  const hanging = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://sim.local");
      const rawPath = (req.url ?? "/").split("?")[0] ?? "/";
      const body = await readBody(req);
      const method = req.method ?? "GET";
      if (url.pathname.startsWith("/_sim/")) return send(res, handleAdmin(core, method, url.pathname, body));
      const cfn = handleCloudFormation(core, method, url.pathname, url.searchParams, body, String(req.headers.accept ?? ""));
      if (cfn) return send(res, cfn);
      const result = await handleAwsRequest(core, { method, path: rawPath, query: url.searchParams, headers: req.headers, body });
      if (result === HANG) {
        // Never answer: the client's own timeout is what ends this request.
        hanging.add(res);
        res.on("close", () => hanging.delete(res));
        return;
      }
      send(res, result);
    })().catch((error: unknown) => {
      console.error("[aws-sim] request failed", error);
      if (!res.headersSent) send(res, { status: 500, headers: { "content-type": "text/plain" }, body: "internal simulator error" });
    });
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? "127.0.0.1";
  const urlHost = host.includes(":") ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    scenario: core.description,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const res of hanging) res.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
    setFaults: (faults) => core.faults.set(faults),
    resetFaults: () => core.faults.reset(),
    setClock: (update) => {
      applyClockUpdate(core, update);
      return core.clock.state();
    },
    resetClock: () => core.clock.reset(),
    now: () => core.clock.now(),
    createRole: (request) => createRole(core, request),
    updateRolePolicy: (request) => updateRolePolicy(core, request),
  };
}
