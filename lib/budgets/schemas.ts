import { z } from "zod";
import { BUDGET_SCOPES, DIGEST_FREQUENCIES } from "@/db/tables/budgets";

const Thresholds = z
  .array(z.coerce.number().int({ error: "Thresholds are whole percentages." }).min(1, { error: "At least 1 %." }).max(1000, { error: "At most 1000 %." }))
  .min(1, { error: "Give at least one threshold." })
  .max(10, { error: "At most 10 thresholds." })
  .transform((values) => [...new Set(values)].sort((a, b) => a - b));

export const BudgetScope = z.object({ kind: z.enum(BUDGET_SCOPES, { error: "Choose the workspace, a team or a person." }), id: z.uuid({ error: "Choose a team or a person." }).optional() });
export type BudgetScope = z.infer<typeof BudgetScope>;

export const BudgetInput = z.object({
  scope: BudgetScope,
  monthlyLimit: z.coerce.number({ error: "Enter a monthly limit in USD." }).positive({ error: "The limit must be more than 0." }).max(1e9, { error: "That limit is too large." }),
  thresholds: Thresholds.default([50, 80, 100]),
  alertOnActual: z.boolean().default(true),
  alertOnForecast: z.boolean().default(true),
  channelIds: z.array(z.uuid({ error: "Unknown channel." })).max(20).default([]),
});
export type BudgetInput = z.infer<typeof BudgetInput>;

export const PreferencesInput = z.object({
  budgetAlerts: z.boolean(),
  thresholds: Thresholds.nullable().default(null),
  digest: z.enum(DIGEST_FREQUENCIES, { error: "Choose off, daily or weekly." }),
});
export type PreferencesInput = z.infer<typeof PreferencesInput>;
