import { describeDevice } from "@/components/team/describe-device";
import { SessionsList } from "@/components/team/sessions-list";
import { SettingsBack } from "@/components/team/settings-back";
import { Card } from "@/components/ui";
import { requireMember, sessionPolicy } from "@/lib/auth/guard";
import { listMySessions } from "@/lib/security";

export const metadata = { title: "Sessions" };

export default async function SessionsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const ctx = await requireMember((await params).tenant);
  const sessions = await listMySessions(ctx.db, { userId: ctx.actor.userId, currentSessionId: ctx.session?.id, policy: sessionPolicy() });
  const policy = sessionPolicy();
  return (
    <div className="max-w-3xl space-y-6">
      <SettingsBack />
      <div>
        <h1 className="text-2xl font-bold">Sessions</h1>
        <p className="mt-1 text-sm text-slate-600">
          Where you are signed in, in every workspace. A session ends after {Math.round(policy.maxAgeSeconds / 86400)} days, or after{" "}
          {Math.round(policy.idleTimeoutSeconds / 3600)} hours without use.
        </p>
      </div>
      <Card title="Active sessions">
        <SessionsList
          sessions={sessions.map((s) => ({
            id: s.id,
            workspace: s.workspace,
            device: describeDevice(s.userAgent),
            ip: s.ip,
            lastSeenAt: s.lastSeenAt.toISOString(),
            createdAt: s.createdAt.toISOString(),
            current: s.current,
          }))}
        />
      </Card>
    </div>
  );
}
