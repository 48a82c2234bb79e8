import type { AdminAccountConfig } from "../../../src/config/config.js";
import { loadConfig } from "../../../src/config/load-config.js";
import { authSettingsFromConfig } from "../../../src/auth/auth-settings-from-config.js";
import type { AuthSettings } from "../../../src/auth/auth-settings.js";

/**
 * The auth settings a server loads with its defaults (authSettingsFromConfig), every request
 * reviewed afresh, the admin account enabled with only `admin`'s password, hash and signing key
 * (none: generated in `dataDir`, when given).
 */
export function adminAuthSettings(admin: Partial<AdminAccountConfig>, dataDir?: string): AuthSettings {
  const loaded = loadConfig({ argv: [], env: { AUTHORIZATION_CACHE_TTL: "0s" } });
  if (loaded.help) throw new Error("unexpected --help");
  const settings = authSettingsFromConfig(loaded.config);
  return {
    ...settings,
    admin: { ...settings.admin, enabled: true, password: undefined, passwordHash: undefined, tokenSigningKey: undefined, ...admin },
    dataDir,
  };
}
