import { config } from "@/lib/config";
import { rootOrigin } from "@/lib/tenants";

export default function NotFound() {
  const { appDomain, protocol } = config();
  return (
    <div className="flex min-h-screen flex-col items-center justify-center px-6 text-center">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="mt-2 text-2xl font-bold">This page or workspace doesn&apos;t exist</h1>
      <p className="mt-2 max-w-md text-sm text-slate-600">Check the address, or log in to find your workspaces.</p>
      <a href={rootOrigin(appDomain, protocol)} className="mt-6 text-sm font-medium text-brand-600 hover:underline">
        Go to Monitr
      </a>
    </div>
  );
}
