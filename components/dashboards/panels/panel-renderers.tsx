import type { ComponentType } from "react";
import type { PanelName } from "@/lib/dashboards/schemas";
import type { PanelDataMap } from "@/lib/dashboards/panels/types";
import { CostByServicePanel, CostByTagPanel, CostDailyPanel, CostDriversPanel, CostMomPanel } from "./cost-panels";
import { FleetTablePanel } from "./fleet-table";
import { AlertsPanel, CostMtdPanel, EksHealthPanel, InstanceStatesPanel, LastSyncPanel, TopCpuPanel } from "./overview-panels";
import { CrashLoopPodsPanel, InstanceDetailsPanel, NodeGroupsPanel } from "./resource-panels";

/** One renderer per panel (the client half of lib/dashboards' panel registry). */
export const PANEL_RENDERERS: { [K in PanelName]: ComponentType<{ data: PanelDataMap[K] }> } = {
  "instance-states": InstanceStatesPanel,
  "eks-health": EksHealthPanel,
  "top-cpu": TopCpuPanel,
  alerts: AlertsPanel,
  "cost-mtd": CostMtdPanel,
  "last-sync": LastSyncPanel,
  "fleet-table": FleetTablePanel,
  "instance-details": InstanceDetailsPanel,
  "crashloop-pods": CrashLoopPodsPanel,
  "node-groups": NodeGroupsPanel,
  "cost-daily": CostDailyPanel,
  "cost-by-service": CostByServicePanel,
  "cost-by-tag": CostByTagPanel,
  "cost-mom": CostMomPanel,
  "cost-drivers": CostDriversPanel,
};

export function PanelBody<K extends PanelName>({ panel, data }: { panel: K; data: PanelDataMap[K] }) {
  const Renderer = PANEL_RENDERERS[panel] as ComponentType<{ data: PanelDataMap[K] }>;
  return <Renderer data={data} />;
}
