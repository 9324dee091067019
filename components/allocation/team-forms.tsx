"use client";

import { useState } from "react";
import { Button, Field, Notice, SelectField } from "@/components/ui";
import { useSubmit } from "@/components/ui/use-submit";
import type { OwnerOption } from "./assign-resources";

export function CreateTeamForm() {
  const [name, setName] = useState("");
  const { errors, notice, busy, send } = useSubmit();
  return (
    <form
      noValidate
      className="space-y-3"
      onSubmit={async (e) => {
        e.preventDefault();
        if ((await send("/api/teams", "POST", { name }, { success: `Team ${name} created.` })) !== null) setName("");
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
        await send(`/api/teams/${teamId}/members`, "POST", { userId }, { success: `Added to ${teamName}.` });
      }}
    >
      <SelectField label={`Add a member to ${teamName}`} name="userId" value={userId} onChange={(e) => setUserId(e.target.value)} options={people} />
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
        if ((await send("/api/allocation/rules", "POST", { tagKey, tagValue, owner: { kind, id } }, { success: `Rule ${tagKey}=${tagValue} saved.`, collapse: ["owner"] })) !== null) setTagValue("");
      }}
    >
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Tag key" name="tagKey" value={tagKey} onChange={(e) => setTagKey(e.target.value)} error={errors.tagKey} />
        <Field label="Tag value" name="tagValue" value={tagValue} onChange={(e) => setTagValue(e.target.value)} error={errors.tagValue} />
        <SelectField label="Goes to" name="owner" value={owner} onChange={(e) => setOwner(e.target.value)} options={owners} error={errors.owner} />
      </div>
      <Button type="submit" disabled={busy || !owners.length}>
        Add tag rule
      </Button>
    </form>
  );
}
