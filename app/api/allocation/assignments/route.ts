import { NextResponse } from "next/server";
import { assignResources, unassignResources } from "@/lib/allocation";
import { requireApiMember } from "@/lib/auth/guard";
import { handler, readJson } from "@/lib/http";

/** Assign one or many resources to a person, team or cost center: `{ resources: [...], owner: { kind, id }, note? }`. */
export const POST = handler(async (request: Request) => {
  const ctx = await requireApiMember("member");
  return NextResponse.json(await assignResources({ ctx, input: await readJson(request) }));
});

/** End the direct assignment of resources (tag rules apply again): `{ resources: [...] }`. */
export const DELETE = handler(async (request: Request) => {
  const ctx = await requireApiMember("member");
  return NextResponse.json(await unassignResources({ ctx, input: await readJson(request) }));
});
