import { redirect } from "next/navigation";
import { requireMember } from "@/lib/auth/guard";

/** "My costs": the signed-in person's own page. */
export default async function MyCostsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const ctx = await requireMember((await params).tenant);
  redirect(`/people/${ctx.actor.userId}`);
}
