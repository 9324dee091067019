import { NextResponse } from "next/server";
import { z } from "zod";
import { testConnection } from "@/lib/aws";
import { requireApiMember } from "@/lib/auth/guard";
import { awsConfig } from "@/lib/config/aws";
import { handler, parseInput, readJson } from "@/lib/http";

const Input = z.object({ roleArn: z.string({ error: "Paste the role ARN." }).trim().min(1, "Paste the role ARN.").max(2048) });

export const POST = handler(async (request: Request) => {
  const ctx = await requireApiMember("admin");
  const { roleArn } = parseInput(Input, await readJson(request));
  return NextResponse.json(await testConnection({ ctx, aws: awsConfig(), roleArn }));
});
