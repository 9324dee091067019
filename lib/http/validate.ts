import type { z } from "zod";
import { ValidationError, type FieldErrors } from "./errors";

/** Parses input with a zod schema; a failure becomes a ValidationError naming each field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_";
    fields[key] ??= issue.message;
  }
  const names = Object.keys(fields).filter((k) => k !== "_");
  throw new ValidationError(names.length ? `Check these fields: ${names.join(", ")}.` : "The request is not valid.", fields);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a well-formed UUID: ids from URLs are checked before they reach a uuid column (which would raise). */
export function isUuid(value: string | null | undefined): value is string {
  return typeof value === "string" && UUID.test(value);
}
