import Link from "next/link";
import { newDraft } from "@/components/alerts/form-model";
import { RuleForm } from "@/components/alerts/rule-form";
import { listScopeChoices } from "@/lib/alerts";
import { requireMember } from "@/lib/auth/guard";
import { listChannels } from "@/lib/notify";

export const metadata = { title: "New alert rule" };

export default async function NewRulePage({ params }: { params: Promise<{ tenant: string }> }) {
  const ctx = await requireMember((await params).tenant, "member");
  const [choices, channels] = await Promise.all([listScopeChoices(ctx), listChannels(ctx)]);
  return (
    <div className="max-w-4xl space-y-6">
      <div>
        <Link href="/alerts" className="text-sm text-brand-700 hover:underline">
          ← Alerts
        </Link>
        <h1 className="mt-1 text-2xl font-bold">New alert rule</h1>
      </div>
      <RuleForm initial={newDraft()} choices={choices} channels={channels.map((c) => ({ id: c.id, name: c.name, type: c.type, enabled: c.enabled }))} canEdit />
    </div>
  );
}
