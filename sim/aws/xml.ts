export function xmlEscape(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "apos" }[c] ?? ""};`);
}

/** `<name>escaped value</name>`; omitted when value is null/undefined. */
export function textTag(name: string, value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  return `<${name}>${xmlEscape(String(value))}</${name}>`;
}

/** `<name>inner</name>` with inner already XML. */
export function tag(name: string, inner: string): string {
  return `<${name}>${inner}</${name}>`;
}

/** EC2-style list: `<name><item>…</item>…</name>`. */
export function itemSet<T>(name: string, items: readonly T[], render: (item: T) => string): string {
  return `<${name}>${items.map((item) => `<item>${render(item)}</item>`).join("")}</${name}>`;
}

export function ec2Tags(tags: Record<string, string>): string {
  return itemSet("tagSet", Object.entries(tags), ([key, value]) => textTag("key", key) + textTag("value", value));
}
