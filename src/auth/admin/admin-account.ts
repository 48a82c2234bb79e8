import type { AdminTokenOptions } from "./admin-token-options.js";

/** The enabled admin account: what AdminLogin checks a password against and mints tokens with. */
export interface AdminAccount {
  /** bcrypt hash of the admin password. */
  readonly passwordHash: string;
  readonly token: AdminTokenOptions;
}
