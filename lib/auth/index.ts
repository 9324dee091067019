export { signUp, type SignupResult } from "./sign-up";
export { verifyCredentials, authenticateForTenant, findWorkspacesForLogin, type AuthUser } from "./authenticate";
export { createHandoff, redeemHandoff } from "./handoff";
export { consumeRateLimit } from "./rate-limit";
export { passwordProblem, hashPassword, verifyPassword, PASSWORD_MIN } from "./password";
export { SignupInput, LoginInput, Email } from "./schemas";
