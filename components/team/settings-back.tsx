import Link from "next/link";

/** Settings sub-pages lead back to the settings overview. */
export function SettingsBack() {
  return (
    <Link href="/settings" className="text-sm text-brand-600 hover:underline">
      ← Settings
    </Link>
  );
}
