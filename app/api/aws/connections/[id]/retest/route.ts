import { NextResponse } from "next/server";
import { z } from "zod";
import { retestConnection } from "@/lib/aws";
import { requireApiMember } from "@/lib/auth/guard";
import { awsConfig } from "@/lib/config/aws";
import { handler, NotFoundError } from "@/lib/http";

/** Probes the connection's permissions again and updates its health; answers the checklist. */
export const POST = handler(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const ctx = await requireApiMember("admin");
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) throw new NotFoundError("No such AWS connection.");
  return NextResponse.json(await retestConnection({ ctx, aws: awsConfig(), id: id.data }));
});
