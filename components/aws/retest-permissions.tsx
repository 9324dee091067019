"use client";

import { useState } from "react";
import { Button, Notice } from "@/components/ui";
import { useSubmit } from "@/components/ui/use-submit";
import { TestChecklist, type TestResult } from "./connect-form";

type RetestAnswer = TestResult & { connection: { status: string } };

/**
 * "Re-test permissions" on a connection's page: probes the role again after the customer fixed
 * its policy, shows the checklist, and refreshes the page so the health and missing permissions
 * shown there are the new ones. For admins and owners (the API refuses others).
 */
export function RetestPermissions({ connectionId }: { connectionId: string }) {
  const { notice, busy, send } = useSubmit();
  const [result, setResult] = useState<RetestAnswer | null>(null);

  async function retest() {
    setResult(null);
    const answer = await send<RetestAnswer>(`/api/aws/connections/${connectionId}/retest`, "POST", undefined, {
      success: (data) => `Permissions re-tested. The connection is ${data.connection.status}.`,
    });
    if (answer) setResult(answer);
  }

  return (
    <div className="space-y-3">
      <Button type="button" variant="secondary" onClick={retest} disabled={busy}>
        {busy ? "Testing…" : "Re-test permissions"}
      </Button>
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      {result ? <TestChecklist result={result} /> : null}
    </div>
  );
}
