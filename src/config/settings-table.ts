import { shownDefault } from "./setting.js";
import { settings } from "./settings.js";

/**
 * The README's configuration table, written from the settings catalogue (a test checks the README
 * holds exactly this text, so a setting is documented where it is defined).
 */
export function settingsTable(): string {
  const rows = settings.map((s) => `| \`${s.env}\` | ${s.flag ? `\`--${s.flag}\`` : "—"} | ${shownDefault(s)} | ${s.description} |`);
  return ["| environment variable | flag | default | meaning |", "|---|---|---|---|", ...rows].join("\n");
}
