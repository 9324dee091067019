import { config } from "@/lib/config";
import { SignupForm } from "./signup-form";

export const metadata = { title: "Sign up" };
export const dynamic = "force-dynamic";

export default async function SignupPage({ searchParams }: { searchParams: Promise<{ plan?: string }> }) {
  const { plan } = await searchParams;
  return (
    <div className="mx-auto max-w-lg px-6 py-12">
      <h1 className="text-2xl font-bold">Create your Monitr workspace</h1>
      <p className="mt-2 text-sm text-slate-600">Free to start. Your team gets its own address.</p>
      <div className="mt-8 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <SignupForm appDomain={config().appDomain} initialPlan={plan === "pro" ? "pro" : "free"} />
      </div>
    </div>
  );
}
