import { ButtonLink, Notice } from "@/components/ui";
import { getDb } from "@/lib/db";
import { checkResetToken } from "@/lib/security";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata = { title: "Choose a new password" };
export const dynamic = "force-dynamic";

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token = "" } = await searchParams;
  const state = await checkResetToken(getDb(), token);
  return (
    <div className="mx-auto max-w-md px-6 py-12">
      <h1 className="text-2xl font-bold">Choose a new password</h1>
      <div className="mt-8 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        {state === "valid" ? (
          <ResetPasswordForm token={token} />
        ) : (
          <div className="space-y-4">
            <Notice tone="error">This reset link has expired or was already used.</Notice>
            <ButtonLink href="/forgot-password">Ask for a new link</ButtonLink>
          </div>
        )}
      </div>
    </div>
  );
}
