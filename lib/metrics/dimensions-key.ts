/**
 * The canonical text form of a dimension set, used in the series unique index: names sorted,
 * `name=value` pairs URL-encoded and joined by `&`, so no name or value can collide with the
 * separators and `{ A: "1", B: "2" }` and `{ B: "2", A: "1" }` are the same series.
 */
export function dimensionsKey(dimensions: Record<string, string>): string {
  return Object.keys(dimensions)
    .sort()
    .map((name) => `${encodeURIComponent(name)}=${encodeURIComponent(dimensions[name])}`)
    .join("&");
}
