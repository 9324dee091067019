"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, Notice } from "@/components/ui";
import { sendJson } from "@/components/ui/send-json";

export type MemberRow = { userId: string; name: string; email: string; role: string; joinedAt: string; twoFactor: boolean };

/**
 * The members list. What each row offers follows the role table: admins change roles up to
 * admin and remove non-owners; owners also make owners and transfer ownership. The server
 * enforces the same rules; this only hides what would be refused.
 */
export function MembersTable({ members, me, myRole }: { members: MemberRow[]; me: string; myRole: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const isOwner = myRole === "owner";
  const canManage = isOwner || myRole === "admin";
  const assignable = isOwner ? ["owner", "admin", "member", "viewer"] : ["admin", "member", "viewer"];

  async function run(key: string, path: string, method: string, body?: unknown, after?: () => void) {
    setBusy(key);
    setError(null);
    const answer = await sendJson(path, method, body);
    if (answer.ok) {
      if (after) after();
      else router.refresh();
    } else setError(answer.message);
    setBusy(null);
  }

  return (
    <div className="space-y-4">
      {error ? <Notice tone="error">{error}</Notice> : null}
      <table className="w-full text-left text-sm" aria-label="Members">
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="py-2 font-medium">Name</th>
            <th className="py-2 font-medium">Role</th>
            <th className="py-2 font-medium">Two-factor</th>
            <th className="py-2" />
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {members.map((m) => {
            const self = m.userId === me;
            const editable = canManage && !self && (isOwner || m.role !== "owner");
            return (
              <tr key={m.userId} data-testid={`member-${m.email}`}>
                <td className="py-3">
                  <p className="font-medium text-slate-900">
                    {m.name} {self ? <span className="text-xs font-normal text-slate-500">(you)</span> : null}
                  </p>
                  <p className="text-xs text-slate-500">{m.email}</p>
                </td>
                <td className="py-3">
                  {editable ? (
                    <select
                      aria-label={`Role of ${m.name}`}
                      value={m.role}
                      disabled={busy !== null}
                      onChange={(e) => run(`role-${m.userId}`, `/api/team/members/${m.userId}`, "PATCH", { role: e.target.value })}
                      className="rounded-md border border-slate-300 px-2 py-1 text-sm"
                    >
                      {assignable.map((r) => (
                        <option key={r} value={r}>
                          {r}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <span className="capitalize">{m.role}</span>
                  )}
                </td>
                <td className="py-3 text-slate-600">{m.twoFactor ? "On" : "Off"}</td>
                <td className="space-x-2 py-3 text-right">
                  {isOwner && !self ? (
                    <Button
                      variant="ghost"
                      disabled={busy !== null}
                      onClick={() => confirm(`Make ${m.name} the owner? You will become an admin.`) && run(`owner-${m.userId}`, "/api/team/ownership", "POST", { userId: m.userId })}
                    >
                      Transfer ownership
                    </Button>
                  ) : null}
                  {editable ? (
                    <Button
                      variant="ghost"
                      disabled={busy !== null}
                      onClick={() => confirm(`Remove ${m.name} from this workspace?`) && run(`remove-${m.userId}`, `/api/team/members/${m.userId}`, "DELETE")}
                    >
                      Remove
                    </Button>
                  ) : null}
                  {self && !isOwner ? (
                    <Button
                      variant="ghost"
                      disabled={busy !== null}
                      onClick={() => confirm("Leave this workspace?") && run("leave", `/api/team/members/${m.userId}`, "DELETE", undefined, () => window.location.assign("/login"))}
                    >
                      Leave
                    </Button>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
