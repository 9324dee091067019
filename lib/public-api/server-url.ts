import { parseHost } from "@/lib/tenants";

/** The API's base URL for the document: the caller's workspace host, or a templated one. */
export function apiServerUrl(host: string | null, appDomain: string, protocol: "http" | "https"): string {
  const target = parseHost(host, appDomain);
  if (target.kind === "tenant") return `${protocol}://${target.slug}.${appDomain}/api/v1`;
  return `${protocol}://{workspace}.${appDomain}/api/v1`;
}
