import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, type HandlerContext } from "@connectrpc/connect";
import { AdminLoginResponseSchema, type AdminLoginRequest, type AdminLoginResponse } from "../../../gen/kargo/api/v1/auth_service_pb.js";
import type { AdminAccount } from "../../auth/admin/admin-account.js";
import { adminTokenProof } from "../../auth/admin/admin-token-proof.js";
import { checkAdminPassword } from "../../auth/admin/check-admin-password.js";
import type { LoginRateLimiter } from "../../auth/admin/login-rate-limiter.js";
import { mintAdminToken } from "../../auth/admin/mint-admin-token.js";

/** What {@link createAdminLogin} needs. */
export interface AdminLoginDeps {
  /** Undefined when the admin account is disabled. */
  readonly admin: AdminAccount | undefined;
  readonly rateLimiter: LoginRateLimiter;
  /** The client's address, the rate limiter's key unless the client presents an earlier admin token. */
  readonly clientAddressOf: (context: HandlerContext) => string;
  /** Clock (epoch ms) for checking a presented admin token, for tests. */
  readonly now?: () => number;
}

/**
 * AuthService.AdminLogin: the admin password for an admin token (`id_token`). In order:
 * - empty password → INVALID_ARGUMENT;
 * - admin account disabled → FAILED_PRECONDITION: the server is not set up for it, which
 *   GetPublicConfig already tells anyone, and it must not look like a wrong password;
 * - the rate-limit key: the client's address, or — when it presents an admin token this server
 *   issued under the current password (`authorization: Bearer`, expired up to 30 days is fine) —
 *   that token, so a guesser sharing the address (NAT, ingress) cannot keep that client out;
 * - the key is waiting out its backoff → RESOURCE_EXHAUSTED with a `retry-after` header (seconds,
 *   at most the limiter's cap), without checking the password — a rate limit, not a credential problem;
 * - wrong password (bcrypt compare) → PERMISSION_DENIED "invalid password", counted as a failure;
 * - otherwise the address's failures are forgotten and a fresh token is returned.
 */
export function createAdminLogin(deps: AdminLoginDeps) {
  return async function adminLogin(request: AdminLoginRequest, context: HandlerContext): Promise<AdminLoginResponse> {
    if (request.password === "") {
      throw new ConnectError("password is required", Code.InvalidArgument);
    }
    if (deps.admin === undefined) {
      throw new ConnectError("admin account is not enabled", Code.FailedPrecondition);
    }
    const proof = await adminTokenProof(context.requestHeader.get("authorization"), deps.admin.token, (deps.now ?? Date.now)());
    const address = proof === undefined ? `address:${deps.clientAddressOf(context)}` : `admin-token:${proof}`;
    const retryAfterMs = deps.rateLimiter.retryAfterMs(address);
    if (retryAfterMs > 0) {
      const seconds = Math.ceil(retryAfterMs / 1000);
      throw new ConnectError(`too many failed logins; retry in ${seconds}s`, Code.ResourceExhausted, { "retry-after": String(seconds) });
    }
    if (!(await checkAdminPassword(request.password, deps.admin.passwordHash))) {
      deps.rateLimiter.recordFailure(address);
      throw new ConnectError("invalid password", Code.PermissionDenied);
    }
    deps.rateLimiter.recordSuccess(address);
    const { token, expiresAt } = await mintAdminToken(deps.admin.token, new Date((deps.now ?? Date.now)()));
    return create(AdminLoginResponseSchema, { idToken: token, expireTime: timestampFromDate(expiresAt) });
  };
}
