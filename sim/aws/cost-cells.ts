import { COST_SERVICES, type CostModel, type CostService, REGION_SPLIT } from "./cost-model";
import { asObject, optionalArray, optionalObject, optionalString } from "./json-input";
import { SimError } from "./sim-error";

/** One slice of a day's cost: a service, optionally split by region and tag values. */
export interface CostCell {
  service: CostService;
  attributes: Record<string, string>;
  share: number;
}

export type CostFilter = (attributes: Record<string, string>) => boolean;

export const SUPPORTED_DIMENSIONS = ["SERVICE", "REGION", "LINKED_ACCOUNT", "RECORD_TYPE"] as const;

const dimensionAttribute = (key: string): string => `dim:${key}`;
const tagAttribute = (key: string): string => `tag:${key}`;

export interface GroupDefinition {
  Type: "DIMENSION" | "TAG";
  Key: string;
}

export function groupAttribute(group: GroupDefinition): string {
  return group.Type === "TAG" ? tagAttribute(group.Key) : dimensionAttribute(group.Key);
}

/** Cost Explorer group keys: the dimension value, or `key$value` for tags (`key$` when untagged). */
export function groupKey(group: GroupDefinition, attributes: Record<string, string>): string {
  const value = attributes[groupAttribute(group)] ?? "";
  return group.Type === "TAG" ? `${group.Key}$${value}` : value;
}

/** Parses a Cost Explorer Expression (Dimensions / Tags / And / Or / Not) into a predicate. */
export function parseFilter(raw: Record<string, unknown> | undefined, neededTags: Set<string>, neededDimensions: Set<string>): CostFilter {
  if (!raw) return () => true;
  const and = optionalArray(raw, "And");
  const or = optionalArray(raw, "Or");
  const not = optionalObject(raw, "Not");
  const dimensions = optionalObject(raw, "Dimensions");
  const tags = optionalObject(raw, "Tags");
  if (and.length) {
    const parts = and.map((p) => parseFilter(p, neededTags, neededDimensions));
    return (a) => parts.every((p) => p(a));
  }
  if (or.length) {
    const parts = or.map((p) => parseFilter(p, neededTags, neededDimensions));
    return (a) => parts.some((p) => p(a));
  }
  if (not) {
    const inner = parseFilter(not, neededTags, neededDimensions);
    return (a) => !inner(a);
  }
  const leaf = dimensions ?? tags;
  if (!leaf) throw new SimError("Validation", "Expression must contain one of And, Or, Not, Dimensions, Tags");
  const key = optionalString(leaf, "Key") ?? "";
  const values = Array.isArray(leaf.Values) ? leaf.Values.filter((v): v is string => typeof v === "string") : [];
  const matchOptions = Array.isArray(leaf.MatchOptions) ? leaf.MatchOptions : [];
  const absent = matchOptions.includes("ABSENT");
  if (dimensions) {
    if (!(SUPPORTED_DIMENSIONS as readonly string[]).includes(key)) throw new SimError("Validation", `Dimension ${key} is not supported by the simulator`);
    neededDimensions.add(key);
    const attribute = dimensionAttribute(key);
    return (a) => values.includes(a[attribute] ?? "");
  }
  neededTags.add(key);
  const attribute = tagAttribute(key);
  return (a) => (absent && (a[attribute] ?? "") === "") || values.includes(a[attribute] ?? "");
}

export function parseGroupBy(input: Record<string, unknown>): GroupDefinition[] {
  const groups = optionalArray(input, "GroupBy").map((g) => {
    const type = optionalString(g, "Type");
    const key = optionalString(g, "Key") ?? "";
    if (type === "DIMENSION" && (SUPPORTED_DIMENSIONS as readonly string[]).includes(key)) return { Type: type, Key: key } as const;
    if (type === "TAG" && key.length > 0) return { Type: type, Key: key } as const;
    throw new SimError("Validation", `Group Definition ${type ?? ""}:${key} is invalid or not supported by the simulator`);
  });
  if (groups.length > 2) throw new SimError("Validation", "You can group by at most two dimensions/tags");
  return groups;
}

/** Expands each service into the cells needed to evaluate the requested groups and filter. */
export function expandCells(model: CostModel, day: number, accountId: string, tags: Set<string>, dimensions: Set<string>): CostCell[] {
  let cells: CostCell[] = COST_SERVICES.map((service) => ({
    service,
    attributes: {
      [dimensionAttribute("SERVICE")]: service.name,
      [dimensionAttribute("LINKED_ACCOUNT")]: accountId,
      [dimensionAttribute("RECORD_TYPE")]: "Usage",
    },
    share: 1,
  }));
  if (dimensions.has("REGION")) {
    cells = cells.flatMap((cell) =>
      REGION_SPLIT.map(([region, share]) => ({ ...cell, attributes: { ...cell.attributes, [dimensionAttribute("REGION")]: region }, share: cell.share * share })),
    );
  }
  for (const tagKey of tags) {
    cells = cells.flatMap((cell) =>
      model.tagShares(cell.service, tagKey, day).map(([value, share]) => ({
        ...cell,
        attributes: { ...cell.attributes, [tagAttribute(tagKey)]: value },
        share: cell.share * share,
      })),
    );
  }
  return cells;
}

export function timePeriod(input: Record<string, unknown>): { start: string; end: string } {
  const period = asObject(input.TimePeriod, "TimePeriod");
  const start = optionalString(period, "Start") ?? "";
  const end = optionalString(period, "End") ?? "";
  const datePattern = /^\d{4}-\d{2}-\d{2}$/;
  if (!datePattern.test(start) || !datePattern.test(end) || Number.isNaN(Date.parse(start)) || Number.isNaN(Date.parse(end))) {
    throw new SimError("Validation", "Start and End must be dates in the format yyyy-MM-dd");
  }
  if (start >= end) throw new SimError("Validation", "Start date (and hour) should be before end date (and hour)");
  return { start, end };
}
