import { z } from "zod";
import { config } from "@/lib/config";
import { NotFoundError } from "@/lib/http/errors";
import type { Origin } from "./alert-message";

/** For route handlers: the public origin used in links, from config read at the edge. */
export function linkOrigin(): Origin {
  const { appDomain, protocol } = config();
  return { appDomain, protocol };
}

const Id = z.uuid();

/** A path id that is not a uuid names nothing: 404, never a 500 from Postgres. */
export async function pathId(params: Promise<{ id: string }>, what: string): Promise<string> {
  const parsed = Id.safeParse((await params).id);
  if (!parsed.success) throw new NotFoundError(`No such ${what}.`);
  return parsed.data;
}
