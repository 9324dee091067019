import { SimError } from "./sim-error";

// Small readers for JSON request bodies; a wrong type is a client error
// reported the way the service reports validation failures.

export function optionalString(input: Record<string, unknown>, key: string): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new SimError("Validation", `${key} must be a string`);
  return value;
}

export function requiredString(input: Record<string, unknown>, key: string): string {
  const value = optionalString(input, key);
  if (value === undefined) throw new SimError("Validation", `1 validation error detected: Value null at '${key}' failed to satisfy constraint: Member must not be null`);
  return value;
}

export function optionalNumber(input: Record<string, unknown>, key: string): number | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) throw new SimError("Validation", `${key} must be a number`);
  return value;
}

export function optionalArray(input: Record<string, unknown>, key: string): Record<string, unknown>[] {
  const value = input[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new SimError("Validation", `${key} must be a list`);
  return value.map((item) => asObject(item, key));
}

export function asObject(value: unknown, key: string): Record<string, unknown> {
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new SimError("Validation", `${key} must be a structure`);
  return value as Record<string, unknown>;
}

export function optionalObject(input: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const value = input[key];
  return value === undefined || value === null ? undefined : asObject(value, key);
}

/** JSON protocols send timestamps as epoch seconds; ISO strings are accepted too. */
export function timestampSeconds(input: Record<string, unknown>, key: string): number {
  const value = input[key];
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && !Number.isNaN(Date.parse(value))) return Date.parse(value) / 1000;
  throw new SimError("Validation", `1 validation error detected: Value null at '${key.charAt(0).toLowerCase()}${key.slice(1)}' failed to satisfy constraint: Member must not be null`);
}
