import { NextResponse } from "next/server";
import { z } from "zod";
import { createConnection, listConnections } from "@/lib/aws";
import { requireApiMember } from "@/lib/auth/guard";
import { awsConfig } from "@/lib/config/aws";
import { handler, parseInput, readJson } from "@/lib/http";

const CreateInput = z.object({
  roleArn: z.string({ error: "Paste the role ARN." }).trim().min(1, "Paste the role ARN.").max(2048),
  name: z.string().trim().max(100, "Use at most 100 characters.").optional(),
});

export const GET = handler(async () => {
  const ctx = await requireApiMember();
  return NextResponse.json({ connections: await listConnections(ctx) });
});

export const POST = handler(async (request: Request) => {
  const ctx = await requireApiMember("admin");
  const input = parseInput(CreateInput, await readJson(request));
  const connection = await createConnection({ ctx, aws: awsConfig(), input });
  return NextResponse.json({ connection }, { status: 201 });
});
