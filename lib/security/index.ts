// Account security (issue #10): server-side sessions, two-factor sign-in, password change and reset, secrets at rest.
export { createSecretBox, secretBox, totpPurpose, type SecretBox } from "./secret-box";
export {
  createSession,
  insertSession,
  checkSession,
  listMySessions,
  revokeMySession,
  revokeMyOtherSessions,
  revokeUserSessions,
  endSession,
  type SessionPolicy,
  type SessionInfo,
  type SessionCheck,
} from "./sessions";
export { hasTwoFactor, verifySecondFactor, recoveryCodesLeft } from "./second-factor";
export {
  twoFactorStatus,
  startTwoFactorEnrolment,
  confirmTwoFactorEnrolment,
  disableTwoFactor,
  regenerateRecoveryCodes,
  TwoFactorCode,
  DisableTwoFactorInput,
  type TwoFactorStatus,
} from "./two-factor";
export { changePassword, ChangePasswordInput } from "./change-password";
export { requestPasswordReset, resetPassword, checkResetToken, ResetRequestInput, ResetPasswordInput, RESET_TTL_SECONDS } from "./password-reset";
export { matchTotp, newTotpSecret, totpUri, newRecoveryCodes, hashRecoveryCode, RECOVERY_CODE_COUNT, TOTP_PERIOD_SECONDS } from "./totp";
