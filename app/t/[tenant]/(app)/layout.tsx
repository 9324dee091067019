import { PaymentFailedBanner } from "@/components/billing/payment-failed-banner";
import { ImpersonationBanner } from "@/components/operator/impersonation-banner";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { NavLink } from "@/components/shell/nav-link";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { WorkspaceSwitcher } from "@/components/shell/workspace-switcher";
import { requireMember } from "@/lib/auth/guard";

const NAV = [
  ["/", "Overview"],
  ["/dashboards", "Dashboards"],
  ["/alerts", "Alerts"],
  ["/costs", "Costs"],
  ["/budgets", "Budgets"],
  ["/insights", "Insights"],
  ["/teams", "Teams & owners"],
  ["/people/me", "My costs"],
  ["/reports", "Reports"],
  ["/settings", "Settings"],
] as const;

export default async function AppLayout({ children, params }: { children: React.ReactNode; params: Promise<{ tenant: string }> }) {
  const { tenant, actor } = await requireMember((await params).tenant);
  return (
    <div className="flex min-h-screen">
      <aside className="flex w-60 shrink-0 flex-col border-r border-slate-200 bg-white">
        <div className="border-b border-slate-200 px-5 py-4">
          <p className="text-xs font-semibold uppercase tracking-wide text-brand-600">Monitr</p>
          <p className="mt-1 truncate font-semibold text-slate-900" data-testid="workspace-name">
            {tenant.name}
          </p>
          <p className="text-xs text-slate-500">{tenant.plan === "pro" ? "Pro plan" : "Free plan"}</p>
          <NotificationBell />
          <WorkspaceSwitcher current={tenant.slug} userId={actor.userId} />
        </div>
        <nav aria-label="Workspace" className="flex-1 space-y-1 p-3">
          {NAV.map(([href, label]) => (
            <NavLink key={href} href={href}>
              {label}
            </NavLink>
          ))}
        </nav>
        <div className="border-t border-slate-200 px-5 py-4">
          <p className="truncate text-sm font-medium" data-testid="signed-in-as">
            {actor.name}
          </p>
          <p className="truncate text-xs text-slate-500">
            {actor.email} · {actor.role}
          </p>
          <div className="mt-3">
            <SignOutButton />
          </div>
        </div>
      </aside>
      <main className="min-w-0 flex-1 p-8">
        <ImpersonationBanner tenant={tenant} />
        <div className="mb-6 empty:hidden">
          <PaymentFailedBanner tenant={tenant} role={actor.role} />
        </div>
        {children}
      </main>
    </div>
  );
}
