"use client";

import { Field, SelectField } from "@/components/ui";
import { ALERT_KINDS, KIND_LABELS, metricsForKind, type AlertKind } from "@/lib/alerts/metric-catalog";
import type { ScopeChoices } from "@/lib/alerts/scope-resources";
import type { RuleDraft } from "./form-model";

/** What the rule watches: a kind of resource, then all of them, those with a tag (pods: those of one cluster), or one. */
export function ScopeFields({ draft, choices, errors, onChange }: { draft: RuleDraft; choices: ScopeChoices; errors: Record<string, string>; onChange: (patch: Partial<RuleDraft>) => void }) {
  const resources = choices.resources[draft.kind];
  const tagKeys = Object.keys(choices.tags);
  return (
    <div className="grid gap-3 sm:grid-cols-3">
      <SelectField
        label="Resource kind"
        value={draft.kind}
        error={errors["scope.kind"]}
        onChange={(e) => {
          const kind = e.target.value as AlertKind;
          const metric = metricsForKind(kind)[0]!;
          // Conditions must fit the kind: start them over with its first metric. Pods have no tags, and only pods a cluster scope.
          const scopeType = (kind === "eks_pod" && draft.scopeType === "tag") || (kind !== "eks_pod" && draft.scopeType === "cluster") ? "kind" : draft.scopeType;
          onChange({ kind, resourceId: "", scopeType, conditions: [{ metric: metric.id, stat: "avg", windowSeconds: String(Math.max(60, metric.periodSeconds)), comparator: "gt", threshold: "80" }] });
        }}
      >
        {ALERT_KINDS.map((k) => (
          <option key={k} value={k}>
            {KIND_LABELS[k].many}
          </option>
        ))}
      </SelectField>
      <SelectField label="Scope" value={draft.scopeType} error={errors["scope.type"] ?? errors.scope} onChange={(e) => onChange({ scopeType: e.target.value as RuleDraft["scopeType"] })}>
        <option value="kind">All {KIND_LABELS[draft.kind].many}</option>
        {draft.kind !== "eks_pod" ? <option value="tag">{KIND_LABELS[draft.kind].many} with a tag</option> : null}
        {draft.kind === "eks_pod" ? <option value="cluster">{KIND_LABELS[draft.kind].many} in one cluster</option> : null}
        <option value="resource">One {KIND_LABELS[draft.kind].one}</option>
      </SelectField>
      {draft.scopeType === "tag" ? (
        <div className="grid grid-cols-2 gap-2">
          <Field label="Tag key" list="alert-tag-keys" value={draft.tagKey} error={errors["scope.key"]} onChange={(e) => onChange({ tagKey: e.target.value })} />
          <Field label="Tag value" list="alert-tag-values" value={draft.tagValue} error={errors["scope.value"]} hint="Empty: any value" onChange={(e) => onChange({ tagValue: e.target.value })} />
          <datalist id="alert-tag-keys">
            {tagKeys.map((k) => (
              <option key={k} value={k} />
            ))}
          </datalist>
          <datalist id="alert-tag-values">
            {(choices.tags[draft.tagKey] ?? []).map((v) => (
              <option key={v} value={v} />
            ))}
          </datalist>
        </div>
      ) : null}
      {draft.scopeType === "cluster" ? (
        <SelectField label="Cluster" value={draft.cluster} error={errors["scope.cluster"]} onChange={(e) => onChange({ cluster: e.target.value })}>
          <option value="">Pick a cluster</option>
          {choices.clusters.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </SelectField>
      ) : null}
      {draft.scopeType === "resource" ? (
        <SelectField label="Resource" value={draft.resourceId} error={errors["scope.resourceId"]} onChange={(e) => onChange({ resourceId: e.target.value })}>
          <option value="">Pick a {KIND_LABELS[draft.kind].one}</option>
          {resources.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name && r.name !== r.id ? `${r.name} (${r.id})` : r.id}
            </option>
          ))}
        </SelectField>
      ) : null}
    </div>
  );
}
