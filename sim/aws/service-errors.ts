import type { ErrorKind, ExplicitError } from "./sim-error";

export type ServiceName = "sts" | "ec2" | "cloudwatch" | "eks" | "ce" | "tag";

type ErrorTable = Record<ErrorKind, ExplicitError>;

const e = (code: string, status: number): ExplicitError => ({ code, status });

// The codes each real service answers with. They differ by protocol family:
// query services (STS, EC2, CloudWatch's query-compatible codes) use short codes,
// JSON services use *Exception names. EC2 reports bad keys and signatures as
// AuthFailure and expired session tokens as RequestExpired.
export const SERVICE_ERRORS: Record<ServiceName, ErrorTable> = {
  sts: {
    Throttling: e("Throttling", 400),
    InternalFailure: e("InternalFailure", 500),
    ServiceUnavailable: e("ServiceUnavailable", 503),
    AccessDenied: e("AccessDenied", 403),
    InvalidClientTokenId: e("InvalidClientTokenId", 403),
    ExpiredToken: e("ExpiredToken", 403),
    SignatureDoesNotMatch: e("SignatureDoesNotMatch", 403),
    MissingAuthenticationToken: e("MissingAuthenticationToken", 403),
    Validation: e("ValidationError", 400),
    InvalidAction: e("InvalidAction", 400),
    InvalidNextToken: e("ValidationError", 400),
  },
  ec2: {
    Throttling: e("RequestLimitExceeded", 503),
    InternalFailure: e("InternalError", 500),
    ServiceUnavailable: e("Unavailable", 503),
    AccessDenied: e("UnauthorizedOperation", 403),
    InvalidClientTokenId: e("AuthFailure", 401),
    ExpiredToken: e("RequestExpired", 400),
    SignatureDoesNotMatch: e("AuthFailure", 401),
    MissingAuthenticationToken: e("MissingAuthenticationToken", 401),
    Validation: e("InvalidParameterValue", 400),
    InvalidAction: e("InvalidAction", 400),
    InvalidNextToken: e("InvalidPaginationToken", 400),
  },
  cloudwatch: {
    Throttling: e("Throttling", 400),
    InternalFailure: e("InternalServiceError", 500),
    ServiceUnavailable: e("ServiceUnavailable", 503),
    AccessDenied: e("AccessDenied", 403),
    InvalidClientTokenId: e("InvalidClientTokenId", 403),
    ExpiredToken: e("ExpiredToken", 403),
    SignatureDoesNotMatch: e("SignatureDoesNotMatch", 403),
    MissingAuthenticationToken: e("MissingAuthenticationToken", 403),
    Validation: e("ValidationError", 400),
    InvalidAction: e("InvalidAction", 400),
    InvalidNextToken: e("InvalidNextToken", 400),
  },
  eks: {
    Throttling: e("ThrottlingException", 429),
    InternalFailure: e("ServerException", 500),
    ServiceUnavailable: e("ServiceUnavailableException", 503),
    AccessDenied: e("AccessDeniedException", 403),
    InvalidClientTokenId: e("UnrecognizedClientException", 403),
    ExpiredToken: e("ExpiredTokenException", 403),
    SignatureDoesNotMatch: e("InvalidSignatureException", 403),
    MissingAuthenticationToken: e("MissingAuthenticationTokenException", 403),
    Validation: e("InvalidParameterException", 400),
    InvalidAction: e("NotFoundException", 404),
    InvalidNextToken: e("InvalidParameterException", 400),
  },
  ce: {
    Throttling: e("ThrottlingException", 400),
    InternalFailure: e("InternalFailure", 500),
    ServiceUnavailable: e("ServiceUnavailable", 503),
    AccessDenied: e("AccessDeniedException", 400),
    InvalidClientTokenId: e("UnrecognizedClientException", 400),
    ExpiredToken: e("ExpiredTokenException", 400),
    SignatureDoesNotMatch: e("InvalidSignatureException", 400),
    MissingAuthenticationToken: e("MissingAuthenticationTokenException", 400),
    Validation: e("ValidationException", 400),
    InvalidAction: e("UnknownOperationException", 400),
    InvalidNextToken: e("InvalidNextTokenException", 400),
  },
  // Resource Groups Tagging API (IAM prefix "tag", signing name "tagging").
  tag: {
    Throttling: e("ThrottledException", 400),
    InternalFailure: e("InternalServiceException", 500),
    ServiceUnavailable: e("InternalServiceException", 503),
    AccessDenied: e("AccessDeniedException", 400),
    InvalidClientTokenId: e("UnrecognizedClientException", 400),
    ExpiredToken: e("ExpiredTokenException", 400),
    SignatureDoesNotMatch: e("InvalidSignatureException", 400),
    MissingAuthenticationToken: e("MissingAuthenticationTokenException", 400),
    Validation: e("InvalidParameterException", 400),
    InvalidAction: e("UnknownOperationException", 400),
    InvalidNextToken: e("PaginationTokenExpiredException", 400),
  },
};

export function resolveError(service: ServiceName, kind: ErrorKind | ExplicitError): ExplicitError {
  return typeof kind === "string" ? SERVICE_ERRORS[service][kind] : kind;
}
