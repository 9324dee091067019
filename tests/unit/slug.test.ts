import { describe, expect, it } from "vitest";
import { proposeSlug, slugify, slugProblem } from "@/lib/tenants/slug";

describe("slugify", () => {
  it.each([
    ["Acme", "acme"],
    ["Acme, Inc.", "acme-inc"],
    ["Café Müller & Söhne GmbH", "cafe-muller-sohne-gmbh"],
    ["Straße Bau", "strasse-bau"],
    ["  --Ørsted  Wind--  ", "orsted-wind"],
    ["ÆON", "aeon"],
    ["北京", "workspace"],
    ["AB", "ab-hq"],
    ["x".repeat(60), "x".repeat(40)],
    ["a".repeat(39) + " b", "a".repeat(39)],
  ])("%j → %j", (company, slug) => {
    expect(slugify(company)).toBe(slug);
    expect(slugProblem(slugify(company))).toBeNull();
  });
});

describe("slugProblem", () => {
  it.each([
    ["ab", "too_short"],
    ["a".repeat(41), "too_long"],
    ["Acme", "invalid"],
    ["-acme", "invalid"],
    ["acme-", "invalid"],
    ["ac--me", "invalid"],
    ["ac_me", "invalid"],
    ["www", "reserved"],
    ["api", "reserved"],
    ["admin", "reserved"],
    ["status", "reserved"],
  ])("%j is %s", (slug, problem) => {
    expect(slugProblem(slug)).toBe(problem);
  });

  it("accepts ordinary slugs", () => {
    for (const slug of ["acme", "acme-2", "a1b", "x".repeat(40)]) expect(slugProblem(slug)).toBeNull();
  });
});

describe("proposeSlug", () => {
  it("adds the first free numeric suffix", async () => {
    const taken = new Set(["acme", "acme-2"]);
    expect(await proposeSlug("acme", async (s) => taken.has(s))).toBe("acme-3");
    expect(await proposeSlug("globex", async (s) => taken.has(s))).toBe("globex");
  });

  it("keeps suffixed slugs within 40 characters", async () => {
    const base = "y".repeat(40);
    const slug = await proposeSlug(base, async (s) => s === base);
    expect(slug).toBe("y".repeat(38) + "-2");
    expect(slugProblem(slug)).toBeNull();
  });

  it("never proposes a reserved word", async () => {
    expect(await proposeSlug("www", async () => false)).toBe("www-hq");
  });
});
