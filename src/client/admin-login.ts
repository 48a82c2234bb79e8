import { createClient, type Transport } from "@connectrpc/connect";
import { AuthService } from "../../gen/kargo/api/v1/auth_service_pb.js";
import { cachedToken } from "./cached-token.js";
import type { TokenSource } from "./token-source.js";

/** Options of {@link adminLogin}. */
export interface AdminLoginOptions {
  /** The admin account's password. */
  readonly password: string;
  /** Log in again this long before the token expires. Default 60 s. */
  readonly refreshBeforeMs?: number;
}

/**
 * Authenticates as the admin account: calls AuthService.AdminLogin, keeps the token until shortly
 * before its `expire_time`, then logs in again (also after the server answered UNAUTHENTICATED).
 * Pass it as the `auth` option of createKargoClient.
 */
export function adminLogin(options: AdminLoginOptions): (unauthenticated: Transport) => TokenSource {
  return (transport) => {
    const auth = createClient(AuthService, transport);
    // The previous token, sent with the next login: the server then limits failed logins by that
    // token rather than by this client's address, so others behind the same address cannot keep
    // this client out.
    let previous: string | undefined;
    return cachedToken(async (signal) => {
      const headers = previous === undefined ? undefined : { authorization: `Bearer ${previous}` };
      const response = await auth.adminLogin({ password: options.password }, { signal, ...(headers ? { headers } : {}) });
      previous = response.idToken;
      const expiresAt = response.expireTime ? Number(response.expireTime.seconds) * 1000 : undefined;
      return { token: response.idToken, expiresAt };
    }, options.refreshBeforeMs ?? 60_000);
  };
}
