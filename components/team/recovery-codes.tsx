"use client";

/** Shown once, right after they are made: only their hashes are kept. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <div className="space-y-2">
      <p className="text-sm font-medium text-slate-800">Save your recovery codes</p>
      <p className="text-sm text-slate-600">
        Each code signs you in once if you lose your phone. Store them somewhere safe now: Monitr won&apos;t show them again.
      </p>
      <ol aria-label="Recovery codes" className="grid grid-cols-2 gap-2 rounded-md bg-slate-50 p-4 font-mono text-sm">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ol>
      <button
        type="button"
        className="text-sm text-brand-600 hover:underline"
        onClick={() => {
          const blob = new Blob([`Monitr recovery codes\n\n${codes.join("\n")}\n`], { type: "text/plain" });
          const a = document.createElement("a");
          a.href = URL.createObjectURL(blob);
          a.download = "monitr-recovery-codes.txt";
          a.click();
          URL.revokeObjectURL(a.href);
        }}
      >
        Download as a text file
      </button>
    </div>
  );
}
