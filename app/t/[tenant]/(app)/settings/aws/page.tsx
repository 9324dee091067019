import { EmptyState } from "@/components/ui";

export const metadata = { title: "AWS accounts" };

export default function AwsAccountsPage() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">AWS accounts</h1>
      <EmptyState title="No AWS account connected yet">
        Monitr connects with a read-only IAM role that you create in your account, trusting Monitr with an ExternalId unique to this workspace. No
        access keys are ever asked for or stored.
      </EmptyState>
    </div>
  );
}
