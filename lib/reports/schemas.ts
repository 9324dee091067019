import { z } from "zod";
// The pure types/schemas files, not module indexes: this file is also bundled into the client form.
import { MetricRef, MetricResourceKind, MetricStat } from "@/lib/dashboards/schemas";

/*
 * What a report is made of. A ReportRequest is JSON-safe (instants stay ISO strings) because it is
 * stored with every file and schedule and re-validated when a job or a scheduled run reads it.
 * Schemas and types share their names.
 */

export const REPORT_FORMAT_IDS = ["pdf", "csv"] as const;
export const ReportFormat = z.enum(REPORT_FORMAT_IDS);
export type ReportFormat = z.infer<typeof ReportFormat>;

export const REPORT_KIND_IDS = ["metrics", "costs", "chargeback"] as const;
export const ReportKind = z.enum(REPORT_KIND_IDS);
export type ReportKind = z.infer<typeof ReportKind>;

export const RANGE_PRESET_IDS = ["24h", "7d", "30d", "last-week", "last-month", "this-month", "custom"] as const;
export const RangePresetId = z.enum(RANGE_PRESET_IDS);
export type RangePresetId = z.infer<typeof RangePresetId>;

/** "auto" lets the chart pick (≈ 300 points); the others fix the CSV's row width. */
export const RESOLUTION_IDS = ["auto", "raw", "5m", "1h", "1d"] as const;
export const ReportResolution = z.enum(RESOLUTION_IDS);
export type ReportResolution = z.infer<typeof ReportResolution>;

export const PAGE_SIZE_IDS = ["A4", "LETTER"] as const;
export const PageSize = z.enum(PAGE_SIZE_IDS);
export type PageSize = z.infer<typeof PageSize>;

/** Longest range one report covers (the metric store keeps at most 395 days on Pro). */
export const MAX_REPORT_DAYS = 400;
/** Most resources one report names explicitly. */
export const MAX_REPORT_RESOURCES = 200;

const isInstant = (text: string) => {
  const ms = /^\d{10,14}$/.test(text) ? Number(text) : Date.parse(text);
  return Number.isFinite(ms);
};
const instant = (what: string) => z.string().trim().min(1, `Enter ${what}.`).max(40).refine(isInstant, `${what} must be an ISO 8601 date.`);

export const ReportRange = z
  .object({ preset: RangePresetId.default("7d"), from: instant("the start").optional(), to: instant("the end").optional() })
  .superRefine((r, ctx) => {
    if (r.preset !== "custom") return;
    if (!r.from) ctx.addIssue({ code: "custom", path: ["from"], message: "Enter the start of the range." });
    if (!r.to) ctx.addIssue({ code: "custom", path: ["to"], message: "Enter the end of the range." });
    if (r.from && r.to) {
      const span = Date.parse(r.to) - Date.parse(r.from);
      if (!(span > 0)) ctx.addIssue({ code: "custom", path: ["to"], message: "The end must be after the start." });
      else if (span > MAX_REPORT_DAYS * 86_400_000) ctx.addIssue({ code: "custom", path: ["from"], message: `A report covers at most ${MAX_REPORT_DAYS} days.` });
    }
  });
export type ReportRange = z.infer<typeof ReportRange>;

/** Which resources a metrics report reads. */
export const ReportSource = z.discriminatedUnion("by", [
  z.object({ by: z.literal("dashboard"), dashboard: z.string().trim().min(1, "Pick a dashboard.").max(400) }),
  z.object({
    by: z.literal("resources"),
    resourceKind: MetricResourceKind,
    resourceIds: z.array(z.string().trim().min(1).max(300)).min(1, "Pick at least one resource.").max(MAX_REPORT_RESOURCES, `Pick at most ${MAX_REPORT_RESOURCES} resources.`),
  }),
  z.object({ by: z.literal("tag"), resourceKind: MetricResourceKind.default("ec2_instance"), key: z.string().trim().min(1, "Enter a tag key.").max(128), value: z.string().trim().max(256) }),
]);
export type ReportSource = z.infer<typeof ReportSource>;

const common = {
  format: ReportFormat,
  title: z.string().trim().max(120, "Use at most 120 characters.").optional(),
  pageSize: PageSize.default("A4"),
  /** Recorded time: the report as Monitr knew the data then (default: when it is generated). */
  asOf: instant("the “as known at” time").optional(),
};

export const MetricsReportRequest = z.object({
  kind: z.literal("metrics"),
  ...common,
  range: ReportRange,
  source: ReportSource,
  /** Empty: every metric the selection has. */
  metrics: z.array(MetricRef).max(50, "Pick at most 50 metrics.").default([]),
  stat: MetricStat.default("avg"),
  resolution: ReportResolution.default("auto"),
  /** Add the cost section (total, by service, daily trend, month over month) to the PDF. */
  includeCosts: z.boolean().default(false),
});
export type MetricsReportRequest = z.infer<typeof MetricsReportRequest>;

export const CostsReportRequest = z.object({
  kind: z.literal("costs"),
  ...common,
  range: ReportRange,
  /** Also break spend down by this cost-allocation tag (CSV rows per tag value). */
  tagKey: z.string().trim().min(1).max(128).optional(),
});
export type CostsReportRequest = z.infer<typeof CostsReportRequest>;

const month = z.string().trim().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Pick a month (YYYY-MM).");

/** Whose costs a statement covers: an owner from cost allocation, or everything carrying a tag value. */
export const ChargebackOwner = z.discriminatedUnion("by", [
  z.object({ by: z.literal("tag"), key: z.string().trim().min(1, "Enter a tag key.").max(128), value: z.string().trim().min(1, "Enter the tag value.").max(256) }),
  z.object({ by: z.literal("owner"), ownerKind: z.enum(["user", "team", "cost_center"]), ownerId: z.uuid("Pick a person or team.") }),
]);
export type ChargebackOwner = z.infer<typeof ChargebackOwner>;

export const ChargebackReportRequest = z.object({
  kind: z.literal("chargeback"),
  ...common,
  month,
  owner: ChargebackOwner,
});
export type ChargebackReportRequest = z.infer<typeof ChargebackReportRequest>;

export const ReportRequest = z.discriminatedUnion("kind", [MetricsReportRequest, CostsReportRequest, ChargebackReportRequest]);
export type ReportRequest = z.infer<typeof ReportRequest>;
/** What a form or API client sends (defaults not yet applied). */
export type ReportRequestInput = z.input<typeof ReportRequest>;

const email = z.email("Enter valid email addresses, separated by commas.").max(254);

export const ScheduleInput = z.object({
  name: z.string().trim().min(1, "Name the schedule.").max(80, "Use at most 80 characters."),
  cadence: z.enum(["weekly", "monthly"]),
  recipients: z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : v.split(/[,;\s]+/)).map((s) => s.trim().toLowerCase()).filter(Boolean))
    .pipe(z.array(email).min(1, "Add at least one email address.").max(20, "At most 20 recipients."))
    .transform((list) => [...new Set(list)]),
  request: ReportRequest,
});
export type ScheduleInput = z.infer<typeof ScheduleInput>;

export const ScheduleUpdate = z.object({ paused: z.boolean() });
export type ScheduleUpdate = z.infer<typeof ScheduleUpdate>;

/** Logos are drawn on statements; PNG and JPEG are what @react-pdf embeds. */
export const LOGO_TYPES = ["image/png", "image/jpeg"] as const;
export const MAX_LOGO_BYTES = 512 * 1024;
