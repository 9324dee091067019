/** Postgres errors are told apart by SQLSTATE, never by a driver's or ORM's error name. */
export const SQLSTATE = {
  uniqueViolation: "23505",
  foreignKeyViolation: "23503",
  insufficientPrivilege: "42501",
  checkViolation: "23514",
} as const;

export function sqlState(error: unknown): string | undefined {
  // drizzle wraps driver errors; the pg error with its code is the cause.
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (typeof e === "object" && "code" in e && typeof (e as { code: unknown }).code === "string") {
      const code = (e as { code: string }).code;
      if (/^[0-9A-Z]{5}$/.test(code)) return code;
    }
    e = typeof e === "object" && e !== null && "cause" in e ? (e as { cause: unknown }).cause : undefined;
  }
  return undefined;
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (sqlState(error) !== SQLSTATE.uniqueViolation) return false;
  if (!constraint) return true;
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (typeof e === "object" && "constraint" in e && (e as { constraint?: string }).constraint === constraint) return true;
    e = typeof e === "object" && e !== null && "cause" in e ? (e as { cause: unknown }).cause : undefined;
  }
  return false;
}
