/*
 * Secrets never reach the logs. Two nets: any field whose *name* says it holds a secret is
 * replaced, at any depth; and strings are searched for secret *shapes* (API keys, Slack tokens,
 * bearer headers, URL passwords, `password=…` / `"token":"…"` fragments in error messages).
 */
const SECRET_KEY = /passw(or)?d|^pass$|secret|token|authorization|cookie|api[_-]?key|routing[_-]?key|webhook[_-]?url|private[_-]?key|credential|totp|signature/i;
const CENSOR = "[redacted]";

const SHAPES: [RegExp, string][] = [
  [/mk_[0-9a-f]{8}_[A-Za-z0-9_-]{20,}/g, "mk_[redacted]"],
  [/xox[abposr]-[A-Za-z0-9-]+/g, "xox[redacted]"],
  [/https:\/\/hooks\.slack\.com\/[^\s"']+/g, "https://hooks.slack.com/[redacted]"],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, "$1 [redacted]"],
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^:/\s"'@]+:)[^@\s"']+@/gi, "$1[redacted]@"],
  [/(["']?(?:pass(?:word)?|secret|token|api[_-]?key|routing[_-]?key)["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,}]+)/gi, `$1"${CENSOR}"`],
];

export function scrubString(value: string): string {
  let out = value;
  for (const [pattern, replacement] of SHAPES) out = out.replace(pattern, replacement);
  return out;
}

export function scrub(value: unknown, depth = 0): unknown {
  if (depth > 8) return "[deep]";
  if (typeof value === "string") return scrubString(value);
  if (value instanceof Error) {
    const err = value as Error & { code?: unknown; cause?: unknown };
    return {
      name: err.name,
      message: scrubString(err.message),
      ...(err.code !== undefined ? { code: scrub(err.code, depth + 1) } : {}),
      ...(err.stack ? { stack: scrubString(err.stack) } : {}),
      ...(err.cause !== undefined ? { cause: scrub(err.cause, depth + 1) } : {}),
    };
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (value && typeof value === "object") {
    if (value instanceof Date) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) && v !== null && v !== undefined && typeof v !== "boolean" ? CENSOR : scrub(v, depth + 1);
    return out;
  }
  return value;
}
