import { ConnectAwsEmptyState } from "@/components/shell/connect-aws-empty";

export const metadata = { title: "Costs" };

export default function CostsPage() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Costs</h1>
      <ConnectAwsEmptyState what="Daily spend, forecasts and budgets" />
    </div>
  );
}
