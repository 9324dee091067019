import { ConnectAwsEmptyState } from "@/components/shell/connect-aws-empty";

export const metadata = { title: "Reports" };

export default function ReportsPage() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Reports</h1>
      <ConnectAwsEmptyState what="PDF and CSV reports of your metrics and costs" />
    </div>
  );
}
