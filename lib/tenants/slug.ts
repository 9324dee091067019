import { RESERVED_SUBDOMAINS } from "./host";

export const SLUG_MIN = 3;
export const SLUG_MAX = 40;
const SLUG_RE = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){1,38}[a-z0-9]$/;

/** "Café Müller & Söhne GmbH" → "cafe-muller-sohne-gmbh". */
export function slugify(company: string): string {
  const folded = company
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ß/g, "ss")
    .replace(/[æ]/gi, "ae")
    .replace(/[ø]/gi, "o")
    .replace(/[œ]/gi, "oe")
    .toLowerCase();
  let slug = folded.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  if (slug.length > SLUG_MAX) slug = slug.slice(0, SLUG_MAX).replace(/-+$/, "");
  if (slug.length < SLUG_MIN) slug = slug ? `${slug}-hq` : "workspace";
  return slug;
}

export type SlugProblem = "too_short" | "too_long" | "invalid" | "reserved";

export function slugProblem(slug: string): SlugProblem | null {
  if (slug.length < SLUG_MIN) return "too_short";
  if (slug.length > SLUG_MAX) return "too_long";
  if (!SLUG_RE.test(slug)) return "invalid";
  if (RESERVED_SUBDOMAINS.has(slug)) return "reserved";
  return null;
}

export const SLUG_PROBLEM_MESSAGES: Record<SlugProblem, string> = {
  too_short: `Use at least ${SLUG_MIN} characters.`,
  too_long: `Use at most ${SLUG_MAX} characters.`,
  invalid: "Use lowercase letters, digits and single hyphens, starting and ending with a letter or digit.",
  reserved: "This subdomain is reserved. Please choose another.",
};

/** The first free candidate: base, base-2, base-3, … (trimmed so the suffix fits). */
export async function proposeSlug(base: string, isTaken: (slug: string) => Promise<boolean>): Promise<string> {
  const start = slugProblem(base) === "reserved" ? `${base}-hq` : base;
  if (!(await isTaken(start))) return start;
  for (let n = 2; n < 10_000; n++) {
    const suffix = `-${n}`;
    const candidate = start.slice(0, SLUG_MAX - suffix.length).replace(/-+$/, "") + suffix;
    if (!(await isTaken(candidate))) return candidate;
  }
  throw new Error("no free subdomain found");
}
