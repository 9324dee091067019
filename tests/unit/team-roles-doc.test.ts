import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ACTIONS, can, PERMISSIONS, ROLES } from "@/lib/team/permissions";

/** docs/roles.md's table, parsed: action id → the roles with a ✓. */
function documentedTable(): Map<string, string[]> {
  const doc = fs.readFileSync(path.resolve(import.meta.dirname, "../../docs/roles.md"), "utf8");
  const block = doc.split("<!-- roles-table:start -->")[1]?.split("<!-- roles-table:end -->")[0];
  if (!block) throw new Error("docs/roles.md has no roles table markers");
  const lines = block.trim().split("\n").map((l) => l.split("|").slice(1, -1).map((c) => c.trim()));
  const [header, , ...rows] = lines;
  expect(header.slice(1)).toEqual([...ROLES]);
  return new Map(
    rows.map((cells) => {
      const id = cells[0].match(/\(`([\w.]+)`\)$/)?.[1];
      if (!id) throw new Error(`row without an action id: ${cells[0]}`);
      return [id, ROLES.filter((_, i) => cells[i + 1] === "✓")];
    }),
  );
}

describe("docs/roles.md", () => {
  const table = documentedTable();

  it("lists every action the code knows, and no other", () => {
    expect([...table.keys()].sort()).toEqual([...ACTIONS].sort());
  });

  it.each(ACTIONS)("%s: the documented roles are exactly the ones can() allows", (action) => {
    expect(table.get(action)).toEqual(ROLES.filter((r) => can(r, action)));
    expect(table.get(action)).toEqual([...PERMISSIONS[action].roles]);
  });

  it("every permission is monotonic in the role order (an owner can do what an admin can, …)", () => {
    for (const action of ACTIONS) {
      const allowed = ROLES.map((r) => can(r, action));
      expect(allowed).toEqual([...allowed].sort((a, b) => Number(b) - Number(a)));
    }
  });
});
