import { compareSemver, parseSemver } from "../../../domain/compare-semver.js";
import { semverConstraint } from "./semver-constraint.js";

const STRICT = /^v?\d+\.\d+\.\d+(?:[-+].*)?$/u;

/**
 * The tags that are semantic versions satisfying `constraint`, highest first (equal versions —
 * `1.0` and `1.0.0` — ordered by their text, highest first, so the order is stable, as Kargo
 * does). With `strictSemvers` (Kargo's default) a tag needs all of major, minor and patch.
 */
export function selectSemverTags(tags: readonly string[], constraint: string, strictSemvers = true): string[] {
  const matches = semverConstraint(constraint);
  return tags
    .filter((tag) => (!strictSemvers || STRICT.test(tag)) && matches(tag))
    .map((tag) => ({ tag, version: parseSemver(tag)! }))
    .sort((a, b) => compareSemver(b.version, a.version) || (a.tag < b.tag ? 1 : a.tag > b.tag ? -1 : 0))
    .map(({ tag }) => tag);
}
