import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "@/lib/db/embedded";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

/** One Postgres for the whole run: TEST_DATABASE_URL when set, otherwise an embedded cluster. */
export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide("pgAdminUrl", process.env.TEST_DATABASE_URL);
    return;
  }
  const cluster = await startEmbeddedPostgres({ dataDir: `.data/test-postgres-${process.pid}`, persistent: false });
  project.provide("pgAdminUrl", cluster.adminUrl);
  return async () => {
    await cluster.stop();
  };
}
