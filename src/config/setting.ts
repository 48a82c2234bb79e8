/** What a parser may need besides the text: relative paths are resolved against `cwd`. */
export interface SettingContext {
  readonly cwd: string;
}

/**
 * A value a parser refused: one reason per problem (each becomes one line of the ConfigError).
 * `secret` values are never echoed back; `assumed` is what loading goes on with, so that one bad
 * value does not cause follow-on problems in the settings that depend on it.
 */
export class Invalid {
  constructor(
    readonly reasons: readonly string[],
    readonly options: { readonly secret?: boolean; readonly assumed?: unknown } = {},
  ) {}
}

/** Reads a setting's text (given, or its default) into its typed value, or refuses it. */
export type Parser<T> = (text: string, context: SettingContext) => T | Invalid;

/**
 * One configuration setting, the single place it is written: the environment variable that sets
 * it, the command-line flag that overrides it (if any), how its text is read, its default, and what
 * it means. `loadConfig` reads it, `--help` prints it and the README table is checked against it.
 */
export interface Setting<T = unknown> {
  readonly env: string;
  /** Flag without the leading "--". */
  readonly flag?: string;
  /** The flag takes no value (`--demo`). */
  readonly boolean?: boolean;
  /** The default as text, read by `parse` like a given value; "" means unset. */
  readonly default: string;
  /** When the default depends on other settings or on the build: how (shown instead of `default`). */
  readonly derivedDefault?: string;
  readonly parse: Parser<T>;
  readonly description: string;
}

/** The default as people read it in `--help` and the README. */
export function shownDefault(setting: Setting): string {
  return setting.derivedDefault ?? (setting.default === "" ? "unset" : setting.default);
}
