import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantContext } from "@/lib/auth/guard";
import { schema, withTenant } from "@/lib/db";
import { TEMPLATES, type Widget } from "@/lib/dashboards";
import { createTenant } from "./aws-test-kit";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { addMember, seedInventory, startDashboardsServer } from "./dashboards-kit";

const DAY = 86_400_000;
let t: TestDatabase;
let server: Awaited<ReturnType<typeof startDashboardsServer>>;
let owner: TenantContext;
let member: TenantContext;
let viewer: TenantContext;
let connectionId: string;
const as: Record<"owner" | "member" | "viewer", string> = { owner: "", member: "", viewer: "" };

type DashboardBody = { dashboard: { ref: string; target: string; name: string; widgets: Widget[]; version: number; customized: boolean; generated: boolean; canEdit: boolean } };
type ViewBody = { dashboard: DashboardBody["dashboard"]; widgets: { widget: Widget; data: { kind: string; panel?: string; data?: { rows?: { id: string }[] } } }[] };

const myWidget: Widget = { id: "my-cpu", type: "metric", title: "Payments CPU", selection: { by: "tag", resourceKind: "ec2_instance", key: "team", value: "payments" }, metrics: [{ namespace: "AWS/EC2", metric: "CPUUtilization" }], stat: "max", chart: "bar", w: 2, h: 2 };

async function auditActions() {
  const rows = await withTenant(owner.tenant.id, (tx) => tx.select().from(schema.auditLog).where(sql`action like 'dashboard.%'`), { db: t.db });
  return rows.map((r) => `${r.action} ${r.target}`);
}

beforeAll(async () => {
  t = await createTestDatabase();
  server = await startDashboardsServer();
  owner = await createTenant(t.db);
  member = await addMember(t.db, owner, "member");
  viewer = await addMember(t.db, owner, "viewer");
  as.owner = server.login(owner);
  as.member = server.login(member);
  as.viewer = server.login(viewer);
  const connection = await seedInventory(t.db, owner, [{ id: "i-0aaa", name: "api-1", tags: { team: "payments" } }, { id: "i-0bbb", name: "db-1", tags: { team: "data" } }], new Date(Date.now() - 2 * DAY));
  connectionId = connection.id;
});
afterAll(async () => {
  await server?.close();
  await t?.drop();
});

describe("generated dashboards", () => {
  it("follow the inventory: one per instance, and the fleet lists the instances", async () => {
    const list = (await server.call(as.viewer, "/api/dashboards")).json as unknown as { workspace: { ref: string }[]; instances: { ref: string }[] };
    expect(list.workspace.map((d) => d.ref)).toEqual(["overview", "ec2-fleet", "costs"]);
    expect(list.instances.map((d) => d.ref).sort()).toEqual(["ec2-instance.i-0aaa", "ec2-instance.i-0bbb"]);
    const instance = (await server.call(as.viewer, "/api/dashboards/ec2-instance.i-0aaa")).json as unknown as DashboardBody;
    expect(instance.dashboard).toMatchObject({ customized: false, version: 0, canEdit: false });
    expect(instance.dashboard.widgets.map((w) => w.id)).toEqual(TEMPLATES["ec2-instance"].widgets("i-0aaa").map((w) => w.id));
    expect((await server.call(as.viewer, "/api/dashboards/ec2-instance.i-0zzz")).status).toBe(404);
    expect((await server.call(as.viewer, "/api/dashboards/nonsense")).status).toBe(404);
  });

  it("an instance without the CloudWatch agent gets the install explanation instead of an empty memory chart", async () => {
    const q = new URLSearchParams({ from: new Date(Date.now() - DAY).toISOString(), to: new Date().toISOString() });
    const view = (await server.call(as.viewer, `/api/dashboards/ec2-instance.i-0aaa?${q}`)).json as unknown as { widgets: { widget: Widget; data: { kind: string; help?: { title: string } | null; series?: unknown[] } }[] };
    const memory = view.widgets.find((w) => w.widget.id === "memory")!;
    expect(memory.data).toMatchObject({ kind: "metric", series: [] });
    expect(memory.data.help?.title).toMatch(/CloudWatch agent/);
  });
});

describe("customizing", () => {
  it("a member saves a generated dashboard; viewers get 403 for every change and nothing is written", async () => {
    const template = TEMPLATES.overview.widgets("");
    const kept = template.filter((w) => w.id !== "last-sync");
    const body = { name: "Our overview", widgets: [...kept, myWidget], version: 0 };
    for (const [method, path, payload] of [
      ["PUT", "/api/dashboards/overview", body],
      ["POST", "/api/dashboards", { name: "Mine" }],
      ["POST", "/api/dashboards/overview/reset", undefined],
    ] as const) {
      const r = await server.call(as.viewer, path, { method, body: payload });
      expect(r.status).toBe(403);
    }
    expect(await auditActions()).toEqual([]);

    const saved = await server.call(as.member, "/api/dashboards/overview", { method: "PUT", body });
    expect(saved.status).toBe(200);
    expect((saved.json as unknown as DashboardBody).dashboard).toMatchObject({ name: "Our overview", customized: true, version: 1 });
    const again = (await server.call(as.viewer, "/api/dashboards/overview")).json as unknown as DashboardBody;
    expect(again.dashboard.widgets.map((w) => w.id)).toEqual([...kept.map((w) => w.id), "my-cpu"]);
    expect(again.dashboard.widgets.at(-1)).toEqual(myWidget);
    expect(await auditActions()).toEqual(["dashboard.saved overview"]);
  });

  it("a stale version is a 409 and changes nothing", async () => {
    const r = await server.call(as.owner, "/api/dashboards/overview", { method: "PUT", body: { name: "Stale", widgets: [], version: 0 } });
    expect(r.status).toBe(409);
    expect(((await server.call(as.owner, "/api/dashboards/overview")).json as unknown as DashboardBody).dashboard.name).toBe("Our overview");
  });

  it("bad layouts are a 400 naming the field", async () => {
    const cases: [unknown, string][] = [
      [{ name: "", widgets: [], version: 1 }, "name"],
      [{ name: "x", widgets: [{ ...myWidget, chart: "pie" }], version: 1 }, "widgets.0.chart"],
      [{ name: "x", widgets: [{ ...myWidget, w: 9 }], version: 1 }, "widgets.0.w"],
      [{ name: "x", widgets: [myWidget, myWidget], version: 1 }, "widgets"],
      [{ name: "x", widgets: [{ ...myWidget, selection: { by: "self" } }], version: 1 }, "widgets.0.selection"],
      [{ name: "x", widgets: [], version: 1, extra: true }, "_"],
    ];
    for (const [body, field] of cases) {
      const r = await server.call(as.member, "/api/dashboards/overview", { method: "PUT", body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(r.json.error?.fields ?? {}), JSON.stringify(r.json)).toContain(field);
    }
  });

  it("a customized dashboard keeps the user's widgets when a new resource appears, and shows the new resource", async () => {
    await withTenant(
      owner.tenant.id,
      (tx) =>
        tx.insert(schema.resources).values({ tenantId: owner.tenant.id, connectionId, region: "eu-west-1", kind: "ec2_instance", resourceId: "i-0new", name: "api-2", state: "running", tags: { team: "payments" }, validFrom: new Date(), recordedFrom: new Date() }),
      { db: t.db },
    );
    const q = new URLSearchParams({ from: new Date(Date.now() - DAY).toISOString(), to: new Date(Date.now() + 1000).toISOString() });
    const view = (await server.call(as.viewer, `/api/dashboards/overview?${q}`)).json as unknown as ViewBody;
    expect(view.dashboard.widgets.at(-1)).toEqual(myWidget);
    const states = view.widgets.find((w) => w.widget.id === "instance-states")!;
    expect(states.data).toMatchObject({ kind: "panel", data: { total: 3 } });
    const list = (await server.call(as.viewer, "/api/dashboards")).json as unknown as { instances: { ref: string }[] };
    expect(list.instances.map((d) => d.ref)).toContain("ec2-instance.i-0new");
  });

  it("reset goes back to the template; blank and duplicated dashboards are saved per tenant", async () => {
    const reset = (await server.call(as.member, "/api/dashboards/overview/reset", { method: "POST" })).json as unknown as DashboardBody;
    expect(reset.dashboard).toMatchObject({ customized: false, version: 0, name: "Overview" });

    const blank = await server.call(as.member, "/api/dashboards", { method: "POST", body: { name: "Team board" } });
    expect(blank.status).toBe(201);
    const blankRef = (blank.json as unknown as DashboardBody).dashboard.ref;
    expect((blank.json as unknown as DashboardBody).dashboard).toMatchObject({ widgets: [], generated: false, version: 1 });

    const copy = await server.call(as.member, "/api/dashboards", { method: "POST", body: { name: "api-1 copy", copyOf: "ec2-instance.i-0aaa" } });
    const copied = (copy.json as unknown as DashboardBody).dashboard;
    // The copy has no resource of its own: "this instance" became the instance by id.
    expect(copied.widgets.find((w) => w.id === "cpu")).toMatchObject({ selection: { by: "resources", resourceKind: "ec2_instance", resourceIds: ["i-0aaa"] } });
    expect(copied.widgets.find((w) => w.id === "details")).toMatchObject({ target: "i-0aaa" });

    const other = await createTenant(t.db);
    const stranger = server.login(other);
    expect((await server.call(stranger, `/api/dashboards/${blankRef}`)).status).toBe(404);
    expect((await server.call(stranger, `/api/dashboards/${blankRef}`, { method: "DELETE" })).status).toBe(404);
    expect((await server.call(as.viewer, `/api/dashboards/${blankRef}`, { method: "DELETE" })).status).toBe(403);
    expect((await server.call(as.member, `/api/dashboards/${blankRef}`, { method: "DELETE" })).status).toBe(204);
    expect((await server.call(as.member, `/api/dashboards/${blankRef}`)).status).toBe(404);
    expect((await server.call(as.member, "/api/dashboards", { method: "POST", body: { name: "x", copyOf: `custom.${crypto.randomUUID()}` } })).status).toBe(404);
    expect(await auditActions()).toEqual(expect.arrayContaining(["dashboard.reset overview", `dashboard.created ${blankRef}`, `dashboard.deleted ${blankRef}`]));
  });
});
