import type { ServiceImpl } from "@connectrpc/connect";
import type { AuthService } from "../../../gen/kargo/api/v1/auth_service_pb.js";
import { createAdminLogin, type AdminLoginDeps } from "./admin-login.js";
import { createWhoAmI, type WhoAmIDeps } from "./who-am-i.js";

/** What the AuthService handlers need. */
export type AuthServiceDeps = AdminLoginDeps & WhoAmIDeps;

/** The AuthService handlers (AdminLogin, WhoAmI), for the server's routes. */
export function createAuthService(deps: AuthServiceDeps): ServiceImpl<typeof AuthService> {
  return { adminLogin: createAdminLogin(deps), whoAmI: createWhoAmI(deps) };
}
