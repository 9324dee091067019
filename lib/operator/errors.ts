import { AppError } from "@/lib/http/errors";

/** A suspended workspace: its users see a clear page, its API keys get this 403. */
export class TenantSuspendedError extends AppError {
  constructor() {
    super("tenant_suspended", "This workspace is suspended. Contact Monitr support.", 403);
  }
}
