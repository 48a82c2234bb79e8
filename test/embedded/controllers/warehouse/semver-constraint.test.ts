import { semverConstraint, SemverConstraintError } from "../../../../src/embedded/controllers/warehouse/semver-constraint.js";

describe("semverConstraint", () => {
  it.each<[string, string, boolean]>([
    ["", "1.2.3", true],
    ["", "not-a-version", false],
    ["^1.29.0", "1.29.0", true],
    ["^1.29.0", "1.30.5", true],
    ["^1.29.0", "2.0.0", false],
    ["^1.29.0", "1.28.9", false],
    ["^0.2.3", "0.2.9", true],
    ["^0.2.3", "0.3.0", false],
    ["~1.2.3", "1.2.9", true],
    ["~1.2.3", "1.3.0", false],
    ["~1", "1.9.0", true],
    [">=1.0.0, <2.0.0", "1.5.0", true],
    [">=1.0.0 <2.0.0", "2.0.0", false],
    ["> 1.2", "1.2.9", false],
    ["> 1.2", "1.3.0", true],
    ["<=1.2", "1.2.9", true],
    ["1.2.x", "1.2.7", true],
    ["1.2.x", "1.3.0", false],
    ["1.2", "1.2.4", true],
    ["*", "9.9.9", true],
    ["=1.2.3", "v1.2.3", true],
    ["!=1.2.3", "1.2.3", false],
    ["1.0 - 1.4.5", "1.4.5", true],
    ["1.0 - 1.4.5", "1.4.6", false],
    ["1.0 - 1.4", "1.4.9", true],
    ["^1.0.0 || ^3.0.0", "3.1.0", true],
    ["^1.0.0 || ^3.0.0", "2.1.0", false],
    ["^1.0.0", "1.2.0-rc.1", false],
    [">=1.2.0-rc.0", "1.2.0-rc.1", true],
  ])("%j against %s is %s", (constraint, version, expected) => {
    expect(semverConstraint(constraint)(version)).toBe(expected);
  });

  it("refuses a constraint it cannot read, naming it", () => {
    expect(() => semverConstraint(">=one")).toThrow(SemverConstraintError);
    expect(() => semverConstraint(">=one")).toThrow('invalid semantic version constraint ">=one"');
  });
});
