import type { Queryable } from "@/lib/db";
import { isSlugTaken } from "./queries";
import { proposeSlug, slugify, slugProblem, SLUG_PROBLEM_MESSAGES } from "./slug";

export type SlugCheck = { slug: string; available: boolean; message?: string; suggestion?: string };

/** Live availability for the sign-up form: the slug asked for, or one proposed from the company. */
export async function checkSlug(db: Queryable, input: { slug?: string; company?: string }): Promise<SlugCheck> {
  const taken = (s: string) => isSlugTaken(db, s);
  if (!input.slug) {
    const slug = await proposeSlug(slugify(input.company ?? ""), taken);
    return { slug, available: true };
  }
  const slug = input.slug.trim().toLowerCase();
  const problem = slugProblem(slug);
  if (problem) {
    const suggestion = problem === "reserved" ? await proposeSlug(slug, taken) : undefined;
    return { slug, available: false, message: SLUG_PROBLEM_MESSAGES[problem], suggestion };
  }
  if (await taken(slug)) {
    return { slug, available: false, message: "This subdomain is taken.", suggestion: await proposeSlug(slug, taken) };
  }
  return { slug, available: true };
}
