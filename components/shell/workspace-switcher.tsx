import { WorkspaceSwitcherMenu } from "@/components/team/workspace-switcher-menu";
import { getDb } from "@/lib/db";
import { listWorkspaces } from "@/lib/tenants";

/** Sidebar element: the person's workspaces (each with its own role) and the team/account settings. */
export async function WorkspaceSwitcher({ current, userId }: { current: string; userId: string }) {
  const workspaces = await listWorkspaces(getDb(), userId);
  return <WorkspaceSwitcherMenu current={current} workspaces={workspaces.map((w) => ({ slug: w.slug, name: w.name, role: w.role }))} />;
}
