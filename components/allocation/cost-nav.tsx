import Link from "next/link";

const LINKS = [
  ["/budgets", "Budgets"],
  ["/people", "People"],
  ["/teams", "Teams"],
  ["/teams/assignments", "Resources & owners"],
  ["/insights", "Insights"],
  ["/settings/preferences", "My cost preferences"],
] as const;

/** Links between the budget, allocation and insights pages until the shell's nav carries them. */
export function CostNav({ current }: { current: string }) {
  return (
    <nav aria-label="Cost management" className="mb-6 flex flex-wrap gap-2 text-sm">
      {LINKS.map(([href, label]) => (
        <Link key={href} href={href} aria-current={href === current ? "page" : undefined} className={`rounded-md px-3 py-1.5 ${href === current ? "bg-brand-50 font-medium text-brand-700" : "text-slate-600 hover:bg-slate-100"}`}>
          {label}
        </Link>
      ))}
    </nav>
  );
}
