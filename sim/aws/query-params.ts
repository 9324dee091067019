import { SimError } from "./sim-error";

export interface QueryFilter {
  name: string;
  values: string[];
}

/** Values of a flattened query list: Prefix.1, Prefix.2, … */
export function queryList(params: URLSearchParams, prefix: string): string[] {
  const out: string[] = [];
  for (let i = 1; ; i++) {
    const value = params.get(`${prefix}.${i}`);
    if (value === null) return out;
    out.push(value);
  }
}

/** EC2 filters: Filter.N.Name and Filter.N.Value.M. */
export function queryFilters(params: URLSearchParams): QueryFilter[] {
  const out: QueryFilter[] = [];
  for (let i = 1; ; i++) {
    const name = params.get(`Filter.${i}.Name`);
    if (name === null) return out;
    out.push({ name, values: queryList(params, `Filter.${i}.Value`) });
  }
}

const globCache = new Map<string, RegExp>();

/** EC2 filter values accept * and ? wildcards. */
export function globMatch(pattern: string, value: string): boolean {
  let regExp = globCache.get(pattern);
  if (!regExp) {
    const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    regExp = new RegExp(`^${escaped}$`);
    globCache.set(pattern, regExp);
  }
  return regExp.test(value);
}

export function matchesFilterValues(values: readonly string[], candidates: ReadonlyArray<string | null | undefined>): boolean {
  return candidates.some((candidate) => candidate != null && values.some((pattern) => globMatch(pattern, candidate)));
}

/** Opaque pagination tokens bound to the request they continue. */
export function encodePageToken(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint })).toString("base64url");
}

export function decodePageToken(token: string, fingerprint: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { o?: unknown; f?: unknown };
    if (typeof parsed.o === "number" && Number.isInteger(parsed.o) && parsed.o >= 0 && parsed.f === fingerprint) return parsed.o;
  } catch {
    // fall through: malformed tokens are reported like AWS does below
  }
  throw new SimError("InvalidNextToken", `The token '${token.slice(0, 40)}' is invalid.`);
}
