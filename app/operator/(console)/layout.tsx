import Link from "next/link";
import { requireOperator } from "@/lib/operator/require-operator";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const operator = await requireOperator();
  return (
    <div className="min-h-screen">
      <header className="flex items-center justify-between border-b border-slate-800 bg-slate-900 px-6 py-3 text-sm text-slate-100">
        <nav aria-label="Operator console" className="flex items-center gap-6">
          <span className="font-semibold">Monitr operations</span>
          <Link href="/" className="hover:underline">
            Tenants
          </Link>
          <Link href="/users" className="hover:underline">
            Users
          </Link>
        </nav>
        <form action="/api/operator/logout" method="post" className="flex items-center gap-3">
          <span data-testid="operator-email">{operator.email}</span>
          <button type="submit" className="rounded px-2 py-1 ring-1 ring-slate-600 hover:bg-slate-800">
            Log out
          </button>
        </form>
      </header>
      <main className="p-8">{children}</main>
    </div>
  );
}
