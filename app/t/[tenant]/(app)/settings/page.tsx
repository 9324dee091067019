import Link from "next/link";
import { Card } from "@/components/ui";
import { requireMember, roleAtLeast } from "@/lib/auth/guard";
import type { Role } from "@/lib/tenants";

export const metadata = { title: "Settings" };

/** Settings sections, with the least role that may open each. */
const SECTIONS: { href: string; title: string; text: string; role: Role }[] = [
  { href: "/settings/aws", title: "AWS accounts", text: "Connect the AWS accounts Monitr should watch, their regions and sync history.", role: "viewer" },
  { href: "/settings/channels", title: "Notification channels", text: "Slack, PagerDuty, email and webhooks that alerts are sent to.", role: "viewer" },
  { href: "/settings/preferences", title: "Preferences", text: "Your budget alerts and cost digest emails.", role: "viewer" },
  { href: "/settings/members", title: "Members", text: "Invite teammates, change roles, transfer ownership.", role: "viewer" },
  { href: "/settings/security", title: "Security", text: "Your password and two-factor sign-in.", role: "viewer" },
  { href: "/settings/sessions", title: "Sessions", text: "Where you are signed in; sign out other devices.", role: "viewer" },
  { href: "/settings/billing", title: "Billing", text: "Your plan, usage against its limits, invoices.", role: "viewer" },
  { href: "/settings/branding", title: "Branding", text: "Your logo on reports and chargeback statements.", role: "admin" },
  { href: "/settings/data", title: "Data retention", text: "How long metrics are kept on your plan.", role: "viewer" },
  { href: "/settings/api-keys", title: "API keys", text: "Keys for the public API at /api/v1.", role: "admin" },
  { href: "/settings/data", title: "Data & retention", text: "How long metrics are kept on your plan, and the oldest data stored.", role: "viewer" },
  { href: "/settings/audit", title: "Audit log", text: "Who changed what, and when.", role: "admin" },
  { href: "/settings/workspace", title: "Workspace", text: "Rename the workspace, change its subdomain, or delete it.", role: "owner" },
];

export default async function SettingsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const ctx = await requireMember((await params).tenant);
  const visible = SECTIONS.filter((s) => roleAtLeast(ctx.actor.role, s.role));
  return (
    <div className="max-w-4xl space-y-6">
      <h1 className="text-2xl font-bold">Settings</h1>
      <div className="grid gap-4 sm:grid-cols-2">
        {visible.map((s) => (
          <Card key={s.href} title={s.title}>
            <p className="text-sm text-slate-600">{s.text}</p>
            <Link href={s.href} className="mt-3 inline-block text-sm font-medium text-brand-600 hover:underline">
              Open {s.title.toLowerCase()} →
            </Link>
          </Card>
        ))}
      </div>
    </div>
  );
}
