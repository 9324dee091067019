/*
 * Alert rules and their evaluation over the metric store (never AWS). The state machine and the
 * tick grid are in evaluate-core.ts, notification decisions in decide.ts, the set-based cycle in
 * evaluate-tenant.ts; delivery is lib/notify's outbox.
 */
export { countFiringAlerts, listRules, getRule, listAlerts, listTransitions, type RuleSummary, type AlertInstance, type Transition } from "./alert-queries";
export { createRule, updateRule, deleteRule, getRuleInTenant, ALERTS_CHANNEL } from "./rule-verbs";
export { acknowledgeAlert } from "./acknowledge";
export { listMutes, createMute, deleteMute, type MuteView } from "./mute-verbs";
export { evaluateTenant, type EvaluationReport } from "./evaluate-tenant";
export { previewRule, type RulePreview } from "./preview-rule";
export { RULE_PRESETS, presetInput, clusterPresets, clusterPresetOffer, presetCovers, addPresetRule, AddPresetInput, type RulePreset, type OfferedPreset, type PresetTarget } from "./presets";
export { ALERT_METRICS, ALERT_KINDS, KIND_LABELS, WINDOWS_SECONDS, alertMetric, metricsForKind, formatValue, formatSeconds, type AlertMetric, type AlertKind } from "./metric-catalog";
export { RuleInput, RulePatch, MuteInput, Scope, Condition, Duration, COMPARATOR_SYMBOLS, ALERTING_STATES, type AlertState } from "./schemas";
export { evaluateRule, nextState, GRACE_SECONDS, type Outcome } from "./evaluate-core";
export { decide, type StateRow } from "./decide";
export { isMuteActive, isRuleMuted, type MuteWindow } from "./mute-window";
export { dashboardLink, type Origin } from "./alert-message";
export type { Rule } from "./rule-row";
export { listScopeChoices, type ScopeChoices, type ScopeChoice } from "./scope-resources";
export { linkOrigin, pathId } from "./http";
