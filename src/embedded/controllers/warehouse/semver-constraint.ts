import { compareSemver, parseSemver } from "../../../domain/compare-semver.js";

type Version = NonNullable<ReturnType<typeof parseSemver>>;
type Comparator = { operator: "<" | "<=" | ">" | ">=" | "=" | "!="; version: Version };

/** A constraint that failed to parse; the message names it. */
export class SemverConstraintError extends Error {
  override name = "SemverConstraintError";
}

const TERM = /(\^|~>?|>=|<=|!=|=|>|<)?\s*(v?(?:[0-9]+|[xX*])(?:\.(?:[0-9]+|[xX*]))?(?:\.(?:[0-9]+|[xX*]))?(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)/uy;

/**
 * Compiles a semantic-version constraint in the syntax Kargo takes (Masterminds/semver): `||`
 * between alternatives; within one, comparisons separated by commas or spaces, all required;
 * operators `=`, `!=`, `<`, `<=`, `>`, `>=`, `^` (same major; for 0.x same minor), `~` (same
 * minor); wildcards `1.2.x`, `1.*`, `*`; partial versions (`1.2` = `1.2.x`); hyphen ranges
 * `1.2 - 1.4.5`. As in Masterminds, a pre-release version matches only an alternative that
 * mentions a pre-release. An empty constraint matches every version.
 */
export function semverConstraint(text: string): (version: string) => boolean {
  if (text.trim() === "") return (version) => parseSemver(version) !== undefined;
  const alternatives = text.split("||").map((part) => parseAlternative(part.trim(), text));
  return (version) => {
    const parsed = parseSemver(version);
    if (!parsed) return false;
    return alternatives.some(({ comparators, allowsPrerelease }) => {
      if (parsed.prerelease.length > 0 && !allowsPrerelease) return false;
      return comparators.every((comparator) => satisfies(parsed, comparator));
    });
  };
}

function parseAlternative(text: string, whole: string): { comparators: Comparator[]; allowsPrerelease: boolean } {
  const hyphen = /^(\S+)\s+-\s+(\S+)$/u.exec(text);
  if (hyphen) {
    const low = partial(hyphen[1]!, whole);
    const high = partial(hyphen[2]!, whole);
    return {
      comparators: [{ operator: ">=", version: low.floor }, high.exact ? { operator: "<=", version: high.floor } : { operator: "<", version: high.ceiling! }],
      allowsPrerelease: low.floor.prerelease.length > 0 || high.floor.prerelease.length > 0,
    };
  }
  const comparators: Comparator[] = [];
  let allowsPrerelease = false;
  let index = 0;
  while (index < text.length) {
    while (index < text.length && /[\s,]/u.test(text[index]!)) index++;
    if (index >= text.length) break;
    TERM.lastIndex = index;
    const match = TERM.exec(text);
    if (!match) throw new SemverConstraintError(`invalid semantic version constraint "${whole}" at "${text.slice(index)}"`);
    index = TERM.lastIndex;
    const version = partial(match[2]!, whole);
    if (version.floor.prerelease.length > 0) allowsPrerelease = true;
    comparators.push(...expand(match[1] ?? "=", version));
  }
  return { comparators, allowsPrerelease };
}

/** A possibly partial version: its lowest match, and the first version above its range when partial. */
function partial(text: string, whole: string): { floor: Version; ceiling?: Version; exact: boolean; parts: number } {
  const body = text.replace(/^v/u, "");
  const [core, prerelease] = body.split("+")[0]!.split(/-(.*)/su);
  const pieces = core!.split(".");
  const numbers: number[] = [];
  for (const piece of pieces) {
    if (/^[xX*]$/u.test(piece)) break;
    numbers.push(Number(piece));
  }
  if (numbers.some(Number.isNaN)) throw new SemverConstraintError(`invalid version "${text}" in constraint "${whole}"`);
  const floor: Version = { major: numbers[0] ?? 0, minor: numbers[1] ?? 0, patch: numbers[2] ?? 0, prerelease: prerelease ? prerelease.split(".") : [] };
  const parts = numbers.length;
  if (parts === 3) return { floor, exact: true, parts };
  const ceiling: Version | undefined =
    parts === 0
      ? undefined
      : parts === 1
        ? { major: floor.major + 1, minor: 0, patch: 0, prerelease: [] }
        : { major: floor.major, minor: floor.minor + 1, patch: 0, prerelease: [] };
  return { floor, ...(ceiling ? { ceiling } : {}), exact: false, parts };
}

function expand(operator: string, v: ReturnType<typeof partial>): Comparator[] {
  const { floor, ceiling, exact, parts } = v;
  if (parts === 0) return operator === "<" || operator === "!=" ? [{ operator: "<", version: { major: 0, minor: 0, patch: 0, prerelease: [] } }] : [];
  switch (operator) {
    case "^": {
      const upper: Version =
        floor.major > 0 || parts === 1
          ? { major: floor.major + 1, minor: 0, patch: 0, prerelease: [] }
          : floor.minor > 0 || parts === 2
            ? { major: 0, minor: floor.minor + 1, patch: 0, prerelease: [] }
            : { major: 0, minor: 0, patch: floor.patch + 1, prerelease: [] };
      return [
        { operator: ">=", version: floor },
        { operator: "<", version: upper },
      ];
    }
    case "~":
    case "~>": {
      const upper: Version =
        parts === 1 ? { major: floor.major + 1, minor: 0, patch: 0, prerelease: [] } : { major: floor.major, minor: floor.minor + 1, patch: 0, prerelease: [] };
      return [
        { operator: ">=", version: floor },
        { operator: "<", version: upper },
      ];
    }
    case "=":
      return exact
        ? [{ operator: "=", version: floor }]
        : [
            { operator: ">=", version: floor },
            { operator: "<", version: ceiling! },
          ];
    case "!=":
      return exact ? [{ operator: "!=", version: floor }] : [];
    case ">":
      return exact ? [{ operator: ">", version: floor }] : [{ operator: ">=", version: ceiling! }];
    case "<=":
      return exact ? [{ operator: "<=", version: floor }] : [{ operator: "<", version: ceiling! }];
    case ">=":
    case "<":
      return [{ operator, version: floor }];
  }
  return [];
}

function satisfies(version: Version, { operator, version: bound }: Comparator): boolean {
  const order = compareSemver(version, bound);
  switch (operator) {
    case "<":
      return order < 0;
    case "<=":
      return order <= 0;
    case ">":
      return order > 0;
    case ">=":
      return order >= 0;
    case "=":
      return order === 0;
    case "!=":
      return order !== 0;
  }
}
