import { describe, expect, it } from "vitest";
import { bearerToken, generateApiKey, hashApiKey, looksLikeApiKey } from "@/lib/api-keys/key-format";
import { routeLabel } from "@/lib/observability/prom-registry";
import { scrub, scrubString } from "@/lib/observability/scrub";
import { decodeCursor, encodeCursor, paginate } from "@/lib/public-api/pagination";
import { findRoute, matchPath, defineEndpoint } from "@/lib/public-api/registry";
import { z } from "zod";

describe("API key format", () => {
  it("generates distinct keys with a visible prefix and hashes them", () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a.key).not.toBe(b.key);
    expect(looksLikeApiKey(a.key)).toBe(true);
    expect(a.key.startsWith(`${a.prefix}_`)).toBe(true);
    expect(a.hash).toBe(hashApiKey(a.key));
    expect(looksLikeApiKey("mk_xyz")).toBe(false);
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(bearerToken("bearer   abc ")).toBe("abc");
    expect(bearerToken("Basic abc")).toBeNull();
    expect(bearerToken(null)).toBeNull();
  });
});

describe("secret scrubbing", () => {
  it("replaces secret fields at any depth and secret shapes inside strings", () => {
    expect(scrub({ a: { b: [{ password: "p", slackBotToken: "x", apiKey: "k", note: "ok", enabled: true } ] } })).toEqual({
      a: { b: [{ password: "[redacted]", slackBotToken: "[redacted]", apiKey: "[redacted]", note: "ok", enabled: true }] },
    });
    expect(scrubString("Authorization: Bearer abc.def")).toBe("Authorization: Bearer [redacted]");
    expect(scrubString("postgres://u:hunter2@db/x")).toBe("postgres://u:[redacted]@db/x");
    expect(scrubString('{"password":"hunter2","x":1}')).not.toContain("hunter2");
    expect(scrubString("token=abc&next=1")).not.toContain("abc");
    expect(scrubString("xoxb-123-456-abc and https://hooks.slack.com/services/T/B/C")).toBe("xox[redacted] and https://hooks.slack.com/[redacted]");
    expect(scrubString(`key ${generateApiKey().key}`)).toBe("key mk_[redacted]");
    expect(scrub({ footprint: "kept" })).toEqual({ footprint: "kept" });
  });
});

describe("route labels", () => {
  it("replace ids so the label set stays bounded", () => {
    expect(routeLabel("/api/aws/connections/6f1c2c1e-0d7e-4a59-9d55-3c3c7f7f0a11/sync-runs")).toBe("/api/aws/connections/:id/sync-runs");
    expect(routeLabel("/api/alerts/123")).toBe("/api/alerts/:id");
    expect(routeLabel("/api/health")).toBe("/api/health");
  });
});

describe("API routing and cursors", () => {
  const e = (method: "GET" | "POST", path: string) =>
    defineEndpoint({ operationId: `${method}${path}`, method, path, tag: "t", summary: "s", scope: "read", response: z.object({}), handle: async () => ({}) });
  const endpoints = [e("GET", "/series/{id}"), e("GET", "/series/query"), e("POST", "/series")];

  it("matches templates, prefers literal segments, and reports allowed methods", () => {
    expect(matchPath("/a/{id}/b", ["a", "1", "b"])).toEqual({ id: "1" });
    expect(matchPath("/a/{id}", ["a"])).toBeNull();
    const hit = findRoute(endpoints, "GET", ["series", "query"]);
    expect(hit && "endpoint" in hit ? hit.endpoint.path : null).toBe("/series/query");
    expect(findRoute(endpoints, "DELETE", ["series"])).toEqual({ allowed: ["POST"] });
    expect(findRoute(endpoints, "GET", ["nothing"])).toBeNull();
  });

  it("pages without gaps or repeats and rejects forged cursors", () => {
    const items = Array.from({ length: 7 }, (_, i) => ({ id: i, k: `k${i % 3}` }));
    const seen: number[] = [];
    let cursor: string | undefined;
    for (let n = 0; n < 5; n++) {
      const page = paginate(items, { key: (x) => [x.k, x.id], arity: 2 }, cursor, 3);
      seen.push(...page.data.map((x) => x.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(decodeCursor(encodeCursor(["a", 1]), 2)).toEqual(["a", 1]);
    expect(() => decodeCursor("nope", 2)).toThrow(/cursor/);
    expect(() => decodeCursor(encodeCursor(["a"]), 2)).toThrow();
  });
});
