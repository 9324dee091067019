import { ConnectAwsEmptyState } from "@/components/shell/connect-aws-empty";

export const metadata = { title: "Dashboards" };

export default function DashboardsPage() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Dashboards</h1>
      <ConnectAwsEmptyState what="Dashboards for your EC2 instances and EKS clusters" />
    </div>
  );
}
