import { z } from "zod";
import { ValidationError } from "@/lib/http/errors";

/*
 * Cursor pagination: the cursor is the sort key of the last item returned, base64url-encoded
 * JSON. It is opaque to clients; a tampered cursor is a 400 on the `cursor` field.
 */
export const PageQuery = {
  cursor: z.string().max(512).optional().meta({ description: "The `nextCursor` of the previous page." }),
  limit: z.coerce.number().int().min(1).max(500).default(100).meta({ description: "Items per page (1–500)." }),
};

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
  });
}

export type SortKey = (string | number)[];

export function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

export function decodeCursor(cursor: string | undefined, arity: number): SortKey | null {
  if (cursor === undefined) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(value) && value.length === arity && value.every((v) => typeof v === "string" || typeof v === "number")) return value as SortKey;
  } catch {
    // fall through
  }
  throw new ValidationError("The cursor is not valid.", { cursor: "Use the nextCursor of a previous page." });
}

function compare(a: SortKey, b: SortKey): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

/** The page after `cursor` of items sorted by `keyOf` (ascending); sorts a copy first. */
export function paginate<T>(
  items: T[],
  sort: { key: (item: T) => SortKey; arity: number },
  cursor: string | undefined,
  limit: number,
): { data: T[]; nextCursor: string | null } {
  const keyOf = sort.key;
  const after = decodeCursor(cursor, sort.arity);
  const sorted = [...items].sort((x, y) => compare(keyOf(x), keyOf(y)));
  const rest = after ? sorted.filter((item) => compare(keyOf(item), after) > 0) : sorted;
  const data = rest.slice(0, limit);
  return { data, nextCursor: rest.length > limit ? encodeCursor(keyOf(data[data.length - 1])) : null };
}

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
export const DateTime = z.iso.datetime({ offset: true });
