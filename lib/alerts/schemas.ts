import { z } from "zod";
import { ALERT_KINDS, WINDOWS_SECONDS } from "./metric-catalog";

/*
 * The rule model. Schemas and types share their names. Semantic checks that need the metric
 * catalogue or the database (metric fits the scope, durations vs. collection period, resources
 * and channels exist) live in validate-rule.ts and report the same field paths.
 */

export const AlertKind = z.enum(ALERT_KINDS, { error: "Pick what to watch." });
export type AlertKind = z.infer<typeof AlertKind>;

const text = (what: string, max: number) => z.string({ error: `Enter ${what}.` }).trim().min(1, `Enter ${what}.`).max(max, `Use at most ${max} characters.`);

export const Scope = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("kind"), kind: AlertKind }),
    z.object({ type: z.literal("tag"), kind: AlertKind, key: text("a tag key", 128), value: z.string().trim().max(256, "Use at most 256 characters.").default("") }),
    /** The pods of one EKS cluster (pod ids are "cluster/namespace/pod"); only kind eks_pod, checked in validate-rule.ts. */
    z.object({
      type: z.literal("cluster"),
      kind: AlertKind,
      // EKS cluster names have no "/"; one with it would match pods by a namespace prefix instead.
      cluster: text("a cluster", 300)
        .refine((v) => !v.includes("/"), 'A cluster name has no "/".')
        .meta({ description: "An EKS cluster's name; the rule watches that cluster's pods (kind eks_pod only)." }),
    }),
    z.object({ type: z.literal("resource"), kind: AlertKind, resourceId: text("a resource", 300) }),
  ],
  { error: "Choose which resources the rule watches." },
);
export type Scope = z.infer<typeof Scope>;

export const COMPARATORS = ["gt", "gte", "lt", "lte"] as const;
export const Comparator = z.enum(COMPARATORS, { error: "Pick a comparison." });
export type Comparator = z.infer<typeof Comparator>;
export const COMPARATOR_SYMBOLS: Record<Comparator, string> = { gt: ">", gte: "≥", lt: "<", lte: "≤" };

export const CONDITION_STATS = ["avg", "min", "max", "sum", "count", "p95"] as const;
export const ConditionStat = z.enum(CONDITION_STATS, { error: "Pick a statistic." });
export type ConditionStat = z.infer<typeof ConditionStat>;

/** Numbers, or numeric strings from forms; anything else is a field error, never a coerced 0. */
const threshold = z.preprocess(
  (v) => (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : v),
  z.number({ error: "Threshold must be a number." }).finite("Threshold must be a number."),
);

const windowSeconds = z.preprocess(
  (v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v),
  z
    .number({ error: "Pick a window." })
    .refine((v) => (WINDOWS_SECONDS as readonly number[]).includes(v), "Pick a window of 1, 5, 15, 30 or 60 minutes."),
);

export const Condition = z.object({
  metric: text("a metric", 200),
  stat: ConditionStat.default("avg"),
  windowSeconds,
  comparator: Comparator,
  threshold,
});
export type Condition = z.infer<typeof Condition>;

const positiveInt = (message: string, max: number) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v), z.number({ error: message }).int(message).min(1, message).max(max, `At most ${max}.`));

export const Duration = z.discriminatedUnion(
  "type",
  [
    /** Condition true for this long (every tick in it breaching). */
    z.object({ type: z.literal("for"), seconds: positiveInt("Enter a duration in seconds.", 86_400) }),
    /** M of the last N evaluation ticks breaching (CloudWatch's "datapoints to alarm"). */
    z.object({ type: z.literal("m_of_n"), m: positiveInt("Enter how many datapoints must breach.", 1440), n: positiveInt("Enter how many datapoints to look at.", 1440) }),
  ],
  { error: "Choose how long the condition must hold." },
);
export type Duration = z.infer<typeof Duration>;

export const NO_DATA_MODES = ["alerting", "ok", "keep"] as const;
export const NoDataMode = z.enum(NO_DATA_MODES, { error: "Choose what No Data means." });
export type NoDataMode = z.infer<typeof NoDataMode>;

export const SEVERITIES = ["critical", "warning", "info"] as const;
export const Severity = z.enum(SEVERITIES, { error: "Pick a severity." });
export type Severity = z.infer<typeof Severity>;

export const RuleInput = z.object({
  name: text("a name", 120),
  enabled: z.boolean().default(true),
  scope: Scope,
  conditions: z.array(Condition, { error: "Add a condition." }).min(1, "Add a condition.").max(5, "Use at most 5 conditions."),
  combine: z.enum(["and", "or"], { error: "Choose AND or OR." }).default("and"),
  duration: Duration,
  noData: NoDataMode.default("keep"),
  severity: Severity.default("warning"),
  channelIds: z.array(z.uuid({ error: "Unknown channel." })).max(10, "Pick at most 10 channels.").default([]),
  repeatIntervalSeconds: z.preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v),
    z.number({ error: "Enter a repeat interval." }).int().min(0).max(7 * 86_400, "At most a week."),
  ).default(0),
  sendResolved: z.boolean().default(true),
  preset: z.string().max(64).optional(),
});
export type RuleInput = z.infer<typeof RuleInput>;

/** What PATCH accepts: any subset; the merged rule is validated as a whole. */
export const RulePatch = RuleInput.partial();
export type RulePatch = z.infer<typeof RulePatch>;

export const MuteInput = z
  .discriminatedUnion("kind", [
    z.object({
      kind: z.literal("once"),
      name: text("a name", 120),
      ruleId: z.uuid().nullable().default(null),
      startsAt: z.coerce.date({ error: "Enter a start time." }),
      endsAt: z.coerce.date({ error: "Enter an end time." }),
    }),
    z.object({
      kind: z.literal("weekly"),
      name: text("a name", 120),
      ruleId: z.uuid().nullable().default(null),
      weekdays: z.array(z.number().int().min(0).max(6)).min(1, "Pick at least one day."),
      startMinute: z.number().int().min(0).max(1439),
      endMinute: z.number().int().min(1).max(1440),
      timezone: z.string().trim().min(1).max(64).default("UTC"),
    }),
  ])
  .superRefine((value, ctx) => {
    if (value.kind === "once" && value.endsAt.getTime() <= value.startsAt.getTime()) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "The end must be after the start." });
    }
    if (value.kind === "weekly") {
      if (value.endMinute <= value.startMinute) ctx.addIssue({ code: "custom", path: ["endMinute"], message: "The end must be after the start." });
      try {
        new Intl.DateTimeFormat("en-US", { timeZone: value.timezone });
      } catch {
        ctx.addIssue({ code: "custom", path: ["timezone"], message: "Unknown time zone." });
      }
    }
  });
export type MuteInput = z.infer<typeof MuteInput>;

export const ALERT_STATES = ["ok", "pending", "firing", "no_data", "error"] as const;
export type AlertState = (typeof ALERT_STATES)[number];
/** States that notify: a transition into one sends an alert, out of one a resolved message. */
export const ALERTING_STATES: ReadonlySet<AlertState> = new Set(["firing", "no_data", "error"]);
