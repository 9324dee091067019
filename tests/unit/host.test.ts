import { describe, expect, it } from "vitest";
import { hostnameOf, parseHost, tenantOrigin } from "@/lib/tenants/host";

describe("parseHost", () => {
  const local = "localhost:3000";
  const prod = "monitr.app";

  it.each([
    ["acme.localhost:3000", local, { kind: "tenant", slug: "acme" }],
    ["acme.localhost:4123", local, { kind: "tenant", slug: "acme" }],
    ["acme.localhost", local, { kind: "tenant", slug: "acme" }],
    ["ACME.Localhost:3000", local, { kind: "tenant", slug: "acme" }],
    ["acme.monitr.app", prod, { kind: "tenant", slug: "acme" }],
    ["acme.monitr.app.", prod, { kind: "tenant", slug: "acme" }],
    ["acme-corp-2.monitr.app", prod, { kind: "tenant", slug: "acme-corp-2" }],
    ["localhost:3000", local, { kind: "root" }],
    ["monitr.app", prod, { kind: "root" }],
    ["www.monitr.app", prod, { kind: "root" }],
    ["www.localhost:3000", local, { kind: "root" }],
    ["127.0.0.1:3000", local, { kind: "root" }],
    ["10.0.3.7", prod, { kind: "root" }],
    ["[::1]:3000", local, { kind: "root" }],
    ["api.monitr.app", prod, { kind: "reserved", sub: "api" }],
    ["admin.localhost:3000", local, { kind: "reserved", sub: "admin" }],
  ] as const)("%s on %s", (host, domain, expected) => {
    expect(parseHost(host, domain)).toEqual(expected);
  });

  it.each([
    ["evil.com", prod],
    ["acme.monitr.app.evil.com", prod],
    ["monitr.app.evil.com", prod],
    ["x.acme.monitr.app", prod],
    ["acme..monitr.app", prod],
    ["-acme.monitr.app", prod],
    ["acme-.monitr.app", prod],
    ["ac_me.monitr.app", prod],
    ["acme monitr.app", prod],
    ["notmonitr.app", prod],
    ["", prod],
  ])("rejects junk host %j", (host, domain) => {
    expect(parseHost(host, domain)).toEqual({ kind: "foreign" });
  });

  it("treats a missing header as foreign", () => {
    expect(parseHost(null, "monitr.app")).toEqual({ kind: "foreign" });
    expect(parseHost(undefined, "monitr.app")).toEqual({ kind: "foreign" });
  });

  it("strips ports and case", () => {
    expect(hostnameOf("Acme.LocalHost:3000")).toBe("acme.localhost");
    expect(hostnameOf("[::1]:80")).toBe("[::1]");
  });

  it("builds tenant origins with the app domain's port", () => {
    expect(tenantOrigin("acme", "localhost:3000", "http")).toBe("http://acme.localhost:3000");
    expect(tenantOrigin("acme", "monitr.app", "https")).toBe("https://acme.monitr.app");
  });
});
