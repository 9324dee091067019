import { RootLoginForm } from "./root-login-form";

export const metadata = { title: "Log in" };

export default function LoginPage() {
  return (
    <div className="mx-auto max-w-md px-6 py-12">
      <h1 className="text-2xl font-bold">Log in to Monitr</h1>
      <p className="mt-2 text-sm text-slate-600">We'll find your workspaces and take you there.</p>
      <div className="mt-8 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <RootLoginForm />
      </div>
    </div>
  );
}
