import type { Setting } from "./setting.js";
import { settings } from "./settings.js";

/** The raw text of each setting that was given, by environment variable name. */
export interface RawSettings {
  /** Value by env name; flags win over environment variables. */
  readonly values: ReadonlyMap<string, string>;
  /** Where each value came from, for messages ("--port" or "PORT"). */
  readonly sources: ReadonlyMap<string, string>;
  /** True when `--help` was given. */
  readonly help: boolean;
  /** Problems with the command line itself (unknown flags, missing values). */
  readonly problems: readonly string[];
}

const byFlag = new Map<string, Setting>(settings.flatMap((s) => (s.flag ? [[s.flag, s] as const] : [])));

/**
 * Collects the settings given on the command line (`--port 8080`,
 * `--port=8080`, `--demo`) and in the environment. Only the names in the
 * settings catalogue are read (plus KUBERNETES_SERVICE_HOST, by the caller).
 */
export function readRawSettings(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): RawSettings {
  const values = new Map<string, string>();
  const sources = new Map<string, string>();
  const problems: string[] = [];
  let help = false;
  for (const s of settings) {
    const v = env[s.env];
    if (v !== undefined && v !== "") {
      values.set(s.env, v);
      sources.set(s.env, s.env);
    }
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") {
      help = true;
      continue;
    }
    const m = /^--([a-z0-9-]+)(?:=(.*))?$/s.exec(arg);
    const setting = m ? byFlag.get(m[1]) : undefined;
    if (!m || !setting) {
      problems.push(`${arg}: unknown argument (see --help)`);
      continue;
    }
    let value = m[2];
    if (value === undefined) {
      if (setting.boolean) {
        value = "true";
      } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
        value = argv[++i];
      } else {
        problems.push(`--${setting.flag}: needs a value`);
        continue;
      }
    }
    values.set(setting.env, value);
    sources.set(setting.env, `--${setting.flag}`);
  }
  return { values, sources, help, problems };
}
