import Link from "next/link";
import { Card } from "@/components/ui";

export const metadata = { title: "Settings" };

export default function SettingsPage() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Settings</h1>
      <Card title="AWS accounts">
        <p className="text-sm text-slate-600">Connect the AWS accounts Monitr should watch.</p>
        <Link href="/settings/aws" className="mt-3 inline-block text-sm font-medium text-brand-600 hover:underline">
          Manage AWS accounts →
        </Link>
      </Card>
    </div>
  );
}
