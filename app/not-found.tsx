import Link from "next/link";

export default function NotFound() {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center px-6 text-center">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="mt-2 text-2xl font-bold">This page or workspace doesn't exist</h1>
      <p className="mt-2 max-w-md text-sm text-slate-600">Check the address, or log in to find your workspaces.</p>
      <Link href="/" className="mt-6 text-sm font-medium text-brand-600 hover:underline">
        Go to Monitr
      </Link>
    </div>
  );
}
