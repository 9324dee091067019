// One error type for every handler; each service's wire code and HTTP status
// for the generic kinds live in service-errors.ts, so handlers stay protocol-free.

export type ErrorKind =
  | "Throttling"
  | "InternalFailure"
  | "ServiceUnavailable"
  | "AccessDenied"
  | "InvalidClientTokenId"
  | "ExpiredToken"
  | "SignatureDoesNotMatch"
  | "MissingAuthenticationToken"
  | "Validation"
  | "InvalidAction"
  | "InvalidNextToken";

/** A code/status pair for errors specific to one service (e.g. EKS ResourceNotFoundException). */
export interface ExplicitError {
  code: string;
  status: number;
}

export class SimError extends Error {
  readonly kind: ErrorKind | ExplicitError;
  /** Extra fields copied into JSON error bodies (EKS puts clusterName there, for example). */
  readonly fields: Record<string, string>;

  constructor(kind: ErrorKind | ExplicitError, message: string, fields: Record<string, string> = {}) {
    super(message);
    this.name = "SimError";
    this.kind = kind;
    this.fields = fields;
  }
}
