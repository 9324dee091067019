"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { sendJson } from "@/components/team/send-json";
import { Button, Field, Notice } from "@/components/ui";
import type { OwnerOption } from "./assign-resources";

function useSubmit() {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  async function send(path: string, method: string, body: unknown, success: string): Promise<boolean> {
    setBusy(true);
    setErrors({});
    setNotice(null);
    const answer = await sendJson(path, method, body);
    setBusy(false);
    if (answer.ok) {
      setNotice({ tone: "success", text: success });
      router.refresh();
      return true;
    }
    setErrors(answer.fields);
    setNotice({ tone: "error", text: answer.message });
    return false;
  }
  return { errors, notice, busy, send };
}

export function CreateTeamForm() {
  const [name, setName] = useState("");
  const { errors, notice, busy, send } = useSubmit();
  return (
    <form
      noValidate
      className="space-y-3"
      onSubmit={async (e) => {
        e.preventDefault();
        if (await send("/api/teams", "POST", { name }, `Team ${name} created.`)) setName("");
      }}
    >
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      <Field label="Team name" name="name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
      <Button type="submit" disabled={busy}>
        Create team
      </Button>
    </form>
  );
}

export function AddTeamMemberForm({ teamId, teamName, people }: { teamId: string; teamName: string; people: OwnerOption[] }) {
  const [userId, setUserId] = useState(people[0]?.value ?? "");
  const { notice, busy, send } = useSubmit();
  if (!people.length) return <p className="text-sm text-slate-500">Everyone is already in {teamName}.</p>;
  return (
    <form
      noValidate
      className="flex flex-wrap items-end gap-3"
      onSubmit={async (e) => {
        e.preventDefault();
        await send(`/api/teams/${teamId}/members`, "POST", { userId }, `Added to ${teamName}.`);
      }}
    >
      <div className="space-y-1">
        <label htmlFor={`add-${teamId}`} className="block text-sm font-medium text-slate-700">
          Add a member to {teamName}
        </label>
        <select id={`add-${teamId}`} value={userId} onChange={(e) => setUserId(e.target.value)} className="rounded-md border border-slate-300 px-3 py-2 text-sm">
          {people.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      <Button type="submit" variant="secondary" disabled={busy}>
        Add
      </Button>
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
    </form>
  );
}

/** `team=payments → Payments team`: applies to every resource with the tag, now and later. */
export function RuleForm({ owners }: { owners: OwnerOption[] }) {
  const [tagKey, setTagKey] = useState("team");
  const [tagValue, setTagValue] = useState("");
  const [owner, setOwner] = useState(owners[0]?.value ?? "");
  const { errors, notice, busy, send } = useSubmit();
  return (
    <form
      noValidate
      className="space-y-3"
      onSubmit={async (e) => {
        e.preventDefault();
        const [kind, id] = owner.split(":");
        if (await send("/api/allocation/rules", "POST", { tagKey, tagValue, owner: { kind, id } }, `Rule ${tagKey}=${tagValue} saved.`)) setTagValue("");
      }}
    >
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Tag key" name="tagKey" value={tagKey} onChange={(e) => setTagKey(e.target.value)} error={errors.tagKey} />
        <Field label="Tag value" name="tagValue" value={tagValue} onChange={(e) => setTagValue(e.target.value)} error={errors.tagValue} />
        <div className="space-y-1">
          <label htmlFor="rule-owner" className="block text-sm font-medium text-slate-700">
            Goes to
          </label>
          <select id="rule-owner" value={owner} onChange={(e) => setOwner(e.target.value)} className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm">
            {owners.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
          {errors["owner.id"] ?? errors.owner ? <p className="text-xs text-red-600">{errors["owner.id"] ?? errors.owner}</p> : null}
        </div>
      </div>
      <Button type="submit" disabled={busy || !owners.length}>
        Add tag rule
      </Button>
    </form>
  );
}
