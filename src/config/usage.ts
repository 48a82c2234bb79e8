import { shownDefault } from "./setting.js";
import { settings } from "./settings.js";

/** The `--help` text: every setting with its flag, environment variable and default. */
export function usage(): string {
  const lines = ["usage: kargo-api [flags]   (every flag also has an environment variable)", ""];
  for (const s of settings) {
    const flag = s.flag ? `--${s.flag}${s.boolean ? "" : " VALUE"}` : "(env only)";
    lines.push(`  ${flag.padEnd(30)} ${s.env.padEnd(34)} default: ${shownDefault(s)}`);
    lines.push(`      ${s.description}`);
  }
  return lines.join("\n");
}
