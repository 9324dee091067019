import { NextResponse } from "next/server";
import { z } from "zod";
import { getSyncProgress } from "@/lib/aws";
import { requireApiMember } from "@/lib/auth/guard";
import { handler, NotFoundError } from "@/lib/http";

export const GET = handler(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const ctx = await requireApiMember();
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) throw new NotFoundError("No such AWS connection.");
  return NextResponse.json(await getSyncProgress({ ctx, connectionId: id.data }));
});
