import type { Directory } from "@/lib/allocation";

/** Select options for owners: "user:<id>", "team:<id>", "cost_center:<id>". */
export function ownerOptions(directory: Directory): { value: string; label: string }[] {
  return [
    ...directory.members.map((m) => ({ value: `user:${m.userId}`, label: `${m.name} (${m.email})` })),
    ...directory.teams.map((t) => ({ value: `team:${t.id}`, label: `Team ${t.name}` })),
    ...directory.costCenters.map((c) => ({ value: `cost_center:${c.id}`, label: `Cost center ${c.code} · ${c.name}` })),
  ];
}
