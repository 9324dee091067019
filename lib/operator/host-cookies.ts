/** Cookie options for host-only cookies (no Domain attribute: never shared with other subdomains). */
export function hostCookie(protocol: "http" | "https", maxAgeSeconds: number) {
  return { httpOnly: true, sameSite: "lax" as const, secure: protocol === "https", path: "/", maxAge: Math.max(0, Math.floor(maxAgeSeconds)) };
}
