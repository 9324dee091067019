import { Button, Field, Notice } from "@/components/ui";
import { requireAdminHost } from "@/lib/operator/require-operator";

export const metadata = { title: "Operator sign-in" };
export const dynamic = "force-dynamic";

export default async function OperatorLoginPage({ searchParams }: { searchParams: Promise<{ error?: string; email?: string }> }) {
  await requireAdminHost();
  const { error, email } = await searchParams;
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-6">
      <p className="text-xs font-semibold uppercase tracking-wide text-brand-600">Monitr operations</p>
      <h1 className="mb-6 mt-1 text-2xl font-bold">Operator console</h1>
      <form action="/api/operator/login" method="post" className="space-y-4">
        {error ? <Notice tone="error">{error.slice(0, 200)}</Notice> : null}
        <Field label="Email" name="email" type="email" autoComplete="username" defaultValue={email?.slice(0, 200)} required />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required />
        <Button type="submit" className="w-full">
          Sign in
        </Button>
      </form>
      <p className="mt-4 text-xs text-slate-500">Platform admins only (PLATFORM_ADMINS). Every action here is audited.</p>
    </main>
  );
}
