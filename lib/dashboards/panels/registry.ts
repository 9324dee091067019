import type { PanelName } from "../schemas";
import { costByService, costByTag, costDaily, costDrivers, costMom, costMtd } from "./cost-panels";
import { crashLoopPods, eksHealth, nodeGroups } from "./eks-panels";
import { fleetTable, instanceDetails, instanceStates, topCpu } from "./fleet-panels";
import { alertsTile, lastSync } from "./status-panels";
import type { Panel } from "./types";

/** Every built-in panel; a panel name without a loader is a type error. */
export const PANELS: { [K in PanelName]: Panel<K> } = {
  "instance-states": instanceStates,
  "eks-health": eksHealth,
  "top-cpu": topCpu,
  alerts: alertsTile,
  "cost-mtd": costMtd,
  "last-sync": lastSync,
  "fleet-table": fleetTable,
  "instance-details": instanceDetails,
  "crashloop-pods": crashLoopPods,
  "node-groups": nodeGroups,
  "cost-daily": costDaily,
  "cost-by-service": costByService,
  "cost-by-tag": costByTag,
  "cost-mom": costMom,
  "cost-drivers": costDrivers,
};
