import { ConnectAwsEmptyState } from "@/components/shell/connect-aws-empty";

export const metadata = { title: "Alerts" };

export default function AlertsPage() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Alerts</h1>
      <ConnectAwsEmptyState what="Alert rules and firing alerts" />
    </div>
  );
}
