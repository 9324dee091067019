import { z } from "zod";
import type { TenantContext } from "@/lib/auth/guard";
import { createHandoff } from "@/lib/auth/handoff";
import { NotFoundError } from "@/lib/http/errors";
import { parseInput } from "@/lib/http/validate";
import { listWorkspaces, type Workspace } from "@/lib/tenants";

export const SwitchWorkspaceInput = z.object({ slug: z.string({ error: "Choose a workspace." }).trim().toLowerCase().min(1, "Choose a workspace.").max(63) });
export type SwitchWorkspaceInput = z.infer<typeof SwitchWorkspaceInput>;

/**
 * Each workspace lives on its own subdomain with host-only cookies, so switching mints the same
 * one-time sign-in token as log-in from the root domain. It is minted from a live, fully
 * signed-in session (second factor included), so it grants nothing the person didn't prove.
 */
export async function switchWorkspace({ ctx, input }: { ctx: TenantContext; input: unknown }): Promise<{ workspace: Workspace; handoffToken: string }> {
  const { slug } = parseInput(SwitchWorkspaceInput, input);
  const workspace = (await listWorkspaces(ctx.db, ctx.actor.userId)).find((w) => w.slug === slug);
  if (!workspace) throw new NotFoundError("You are not a member of this workspace.");
  return { workspace, handoffToken: await createHandoff(ctx.db, workspace.id, ctx.actor.userId) };
}
