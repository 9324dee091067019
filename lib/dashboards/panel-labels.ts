import type { PanelName } from "./schemas";

/** Names of the built-in panels, for pickers (no server code: bundled into the browser). */
export const PANEL_LABELS: Record<PanelName, string> = {
  "instance-states": "Instances by state and region",
  "eks-health": "EKS clusters and health",
  "top-cpu": "Top 5 instances by CPU",
  alerts: "Alerts firing",
  "cost-mtd": "Cost this month",
  "last-sync": "Last sync per connection",
  "fleet-table": "EC2 fleet table",
  "instance-details": "Instance details",
  "crashloop-pods": "Pods in CrashLoopBackOff",
  "node-groups": "EKS node groups",
  "cost-daily": "Daily spend and forecast",
  "cost-by-service": "Spend by service",
  "cost-by-tag": "Spend by tag",
  "cost-mom": "Month over month and budget",
  "cost-drivers": "Top cost drivers",
};
