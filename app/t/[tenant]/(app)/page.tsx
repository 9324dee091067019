import { ConnectAwsEmptyState } from "@/components/shell/connect-aws-empty";

export const metadata = { title: "Overview" };

export default function OverviewPage() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Overview</h1>
      <ConnectAwsEmptyState what="Your instances, clusters, alerts and spend" />
    </div>
  );
}
