/**
 * ConfigError lists every problem found in the configuration. Its message is
 * one line that names each bad setting, so `main` can print it and exit.
 */
export class ConfigError extends Error {
  override readonly name = "ConfigError";

  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration: ${problems.join("; ")}`);
  }
}

/** Type guard for ConfigError. */
export function isConfigError(e: unknown): e is ConfigError {
  return e instanceof ConfigError;
}
