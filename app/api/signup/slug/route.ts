import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { handler, parseInput } from "@/lib/http";
import { checkSlug } from "@/lib/tenants";

const Query = z.object({ slug: z.string().max(100).optional(), company: z.string().max(200).optional() });

export const GET = handler(async (request: NextRequest) => {
  const query = parseInput(Query, Object.fromEntries(request.nextUrl.searchParams));
  return NextResponse.json(await checkSlug(getDb(), query));
});
