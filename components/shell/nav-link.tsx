"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** Paths here are as the browser sees them on the tenant's subdomain (the rewrite is invisible). */
export function NavLink({ href, children }: { href: string; children: React.ReactNode }) {
  const pathname = usePathname().replace(/^\/t\/[^/]+/, "") || "/";
  const active = href === "/" ? pathname === "/" : pathname.startsWith(href);
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={`block rounded-md px-3 py-2 text-sm font-medium ${active ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100"}`}
    >
      {children}
    </Link>
  );
}
