import { Spinner } from "@/components/ui";

export default function Loading() {
  return (
    <div className="max-w-3xl space-y-6">
      <h1 className="text-2xl font-bold">Billing</h1>
      <Spinner label="Loading billing…" />
    </div>
  );
}
