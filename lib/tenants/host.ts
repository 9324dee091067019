/** What a request's Host header names, relative to the app's own domain. */
export type HostTarget =
  | { kind: "root" }
  | { kind: "tenant"; slug: string }
  | { kind: "reserved"; sub: string }
  | { kind: "foreign" };

export const RESERVED_SUBDOMAINS = new Set([
  "www", "app", "api", "admin", "mail", "status", "docs", "auth", "login", "signup", "help", "support",
  "blog", "billing", "static", "assets", "cdn", "dashboard", "console", "smtp", "ftp", "ns1", "ns2",
]);

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** Lowercased host name without port; IPv6 literals keep their brackets. */
export function hostnameOf(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1);
  return h.replace(/:\d*$/, "").replace(/\.$/, "");
}

/**
 * Classifies a Host header. Ports are ignored on both sides so a dev server on any port works;
 * `www.` is the root domain; bare IPs are the root (health checks, load balancers).
 */
export function parseHost(host: string | null | undefined, appDomain: string): HostTarget {
  if (!host) return { kind: "foreign" };
  const name = hostnameOf(host);
  const root = hostnameOf(appDomain);
  if (!name) return { kind: "foreign" };
  if (name === root || name === `www.${root}` || IPV4.test(name) || name.startsWith("[")) return { kind: "root" };
  if (!name.endsWith(`.${root}`)) return { kind: "foreign" };
  const sub = name.slice(0, -(root.length + 1));
  if (!LABEL.test(sub)) return { kind: "foreign" };
  if (RESERVED_SUBDOMAINS.has(sub)) return { kind: "reserved", sub };
  return { kind: "tenant", slug: sub };
}

/** The absolute origin of a tenant's workspace, e.g. http://acme.localhost:3000. */
export function tenantOrigin(slug: string, appDomain: string, protocol: "http" | "https"): string {
  return `${protocol}://${slug}.${appDomain}`;
}

export function rootOrigin(appDomain: string, protocol: "http" | "https"): string {
  return `${protocol}://${appDomain}`;
}
