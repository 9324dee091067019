import type { TenantContext } from "@/lib/auth/guard";
import { ForbiddenError } from "@/lib/http/errors";
import type { Role } from "@/lib/tenants";

/*
 * Who may do what, in one table. docs/roles.md shows the same table and a unit test checks the
 * two agree; verbs call requirePermission(ctx, action) and pages call can(role, action), so the
 * docs, the API and the UI cannot drift apart.
 */
export const ROLES: readonly Role[] = ["owner", "admin", "member", "viewer"];

type Rule = { label: string; roles: readonly Role[] };

const ALL: readonly Role[] = ["owner", "admin", "member", "viewer"];
const MEMBER_UP: readonly Role[] = ["owner", "admin", "member"];
const ADMIN_UP: readonly Role[] = ["owner", "admin"];
const OWNER: readonly Role[] = ["owner"];

export const PERMISSIONS = {
  "workspace.view": { label: "View dashboards, alerts, costs, reports and inventory", roles: ALL },
  "dashboards.edit": { label: "Create, edit and delete dashboards", roles: MEMBER_UP },
  "alerts.edit": { label: "Create, edit, mute and delete alert rules", roles: MEMBER_UP },
  "reports.edit": { label: "Create, schedule and delete reports", roles: MEMBER_UP },
  "budgets.edit": { label: "Create and edit budgets and cost allocation", roles: MEMBER_UP },
  "aws.manage": { label: "Connect, change and disconnect AWS accounts", roles: ADMIN_UP },
  "channels.manage": { label: "Add, change and remove notification channels", roles: ADMIN_UP },
  "api_keys.manage": { label: "Create and revoke API keys", roles: ADMIN_UP },
  "members.view": { label: "See the members list", roles: ALL },
  "members.invite": { label: "Invite people and revoke invitations", roles: ADMIN_UP },
  "members.manage": { label: "Change members' roles (up to admin) and remove members", roles: ADMIN_UP },
  "audit.view": { label: "Read and export the audit log", roles: ADMIN_UP },
  "workspace.rename": { label: "Rename the workspace", roles: ADMIN_UP },
  "owners.manage": { label: "Make or unmake owners, transfer ownership", roles: OWNER },
  "workspace.subdomain": { label: "Change the workspace's subdomain", roles: OWNER },
  "security.require_2fa": { label: "Require two-factor sign-in for every member", roles: OWNER },
  "billing.view": { label: "See plan usage and invoices", roles: ADMIN_UP },
  "billing.manage": { label: "Change the plan and payment details", roles: OWNER },
  "workspace.delete": { label: "Delete the workspace and all its data", roles: OWNER },
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof PERMISSIONS;
export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

export function can(role: Role, action: Action): boolean {
  return (PERMISSIONS[action].roles as readonly Role[]).includes(role);
}

export function requirePermission(ctx: Pick<TenantContext, "actor">, action: Action): void {
  if (!can(ctx.actor.role, action)) {
    throw new ForbiddenError(`Your role (${ctx.actor.role}) does not allow this: ${PERMISSIONS[action].label.toLowerCase()}.`);
  }
}

/** The role table as Markdown, exactly as docs/roles.md carries it between its markers. */
export function permissionsMarkdown(): string {
  const head = `| action | ${ROLES.join(" | ")} |\n| --- | ${ROLES.map(() => ":---:").join(" | ")} |`;
  const rows = ACTIONS.map((a) => `| ${PERMISSIONS[a].label} (\`${a}\`) | ${ROLES.map((r) => (can(r, a) ? "✓" : "—")).join(" | ")} |`);
  return [head, ...rows].join("\n");
}
