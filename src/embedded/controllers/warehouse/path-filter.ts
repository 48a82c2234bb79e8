import { matchesGlob } from "node:path/posix";

/**
 * Kargo's `includePaths`/`excludePaths` of a Git subscription as one predicate over the paths a
 * commit changed: true when at least one path is included (every path is, without
 * `includePaths`) and not excluded. A selector is an exact file or directory path (a directory
 * selects everything under it), `glob:<pattern>` (Node's path.matchesGlob: `*` within a segment,
 * `**` across) or `regex:`/`regexp:<expression>`. Undefined when neither list is set.
 */
export function pathFilter(
  includePaths: readonly string[] | undefined,
  excludePaths: readonly string[] | undefined,
): ((paths: readonly string[]) => boolean) | undefined {
  if (!includePaths?.length && !excludePaths?.length) return undefined;
  const include = (includePaths ?? []).map(selector);
  const exclude = (excludePaths ?? []).map(selector);
  return (paths) => paths.some((path) => (include.length === 0 || include.some((m) => m(path))) && !exclude.some((m) => m(path)));
}

function selector(text: string): (path: string) => boolean {
  if (text.startsWith("glob:")) {
    const pattern = text.slice("glob:".length);
    return (path) => matchesGlob(path, pattern);
  }
  const regex = /^regexp?:/u.exec(text);
  if (regex) {
    let compiled: RegExp;
    try {
      compiled = new RegExp(text.slice(regex[0].length), "u");
    } catch (error) {
      throw new Error(`invalid path selector "${text}": ${(error as Error).message}`);
    }
    return (path) => compiled.test(path);
  }
  const exact = text.replace(/^\.?\/+/u, "").replace(/\/+$/u, "");
  return (path) => exact === "" || path === exact || path.startsWith(`${exact}/`);
}
