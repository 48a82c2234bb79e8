import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { deepFreeze, deepFreezeJson } from "../../src/util/deep-freeze.js";

describe("deepFreeze", () => {
  it("freezes every nested object and array, and returns the same value", () => {
    const value = { a: { b: [1, { c: 2 }] } };
    expect(deepFreeze(value)).toBe(value);
    expect(Object.isFrozen(value.a)).toBe(true);
    expect(Object.isFrozen(value.a.b)).toBe(true);
    expect(() => (value.a.b as unknown[]).push(3)).toThrow(TypeError);
  });

  it("leaves Dates writable and survives cycles", () => {
    const when = new Date(0);
    const value: { when: Date; self?: unknown } = { when };
    value.self = value;
    deepFreeze(value);
    when.setTime(1);
    expect(when.getTime()).toBe(1);
    expect(Object.isFrozen(value)).toBe(true);
  });

  it("freezes objects inside arrays inside arrays, and leaves inherited properties alone", () => {
    const shared = { inherited: { x: 1 } };
    const value = Object.assign(Object.create(shared) as { own: unknown[][] }, { own: [[{ deep: { x: 1 } }]] });
    deepFreeze(value);
    expect(Object.isFrozen(value.own[0]![0])).toBe(true);
    expect(Object.isFrozen((value.own[0]![0] as { deep: object }).deep)).toBe(true);
    expect(Object.isFrozen(shared.inherited)).toBe(false);
  });

  it("passes primitives through", () => {
    expect(deepFreeze(3)).toBe(3);
    expect(deepFreeze(null)).toBeNull();
  });
});

describe("deepFreezeJson", () => {
  const item = (i: number) =>
    JSON.parse(
      JSON.stringify({ kind: "Stage", metadata: { name: `s-${i}`, labels: { a: "x" } }, spec: { steps: [{ uses: "git-commit" }, { uses: `u-${i}` }] } }),
    );

  it("freezes every nested object and array, and keeps every value", () => {
    const value = item(1);
    expect(deepFreezeJson(value, item(2))).toBe(value);
    expect(value).toEqual(item(1));
    expect(Object.isFrozen(value.metadata.labels)).toBe(true);
    expect(Object.isFrozen(value.spec.steps)).toBe(true);
    expect(Object.isFrozen(value.spec.steps[1])).toBe(true);
  });

  it("keeps values where the other value differs in shape, or without one", () => {
    const value = item(1);
    deepFreezeJson(value, { kind: ["Stage"], metadata: "x", spec: { steps: { 0: { uses: "git-commit" } } } });
    expect(value).toEqual(item(1));
    expect(Object.isFrozen(value.spec.steps[0])).toBe(true);
    expect(deepFreezeJson(item(3))).toEqual(item(3));
    expect(deepFreezeJson("text", "text")).toBe("text");
  });

  it("holds the other value's nested object or array where it is equal all the way down", () => {
    const first = deepFreezeJson(item(1));
    const second = item(2);
    const text = JSON.stringify(second);
    expect(deepFreezeJson(second, first)).toBe(second);
    expect(second.metadata).not.toBe(first.metadata);
    expect(second.metadata.labels).toBe(first.metadata.labels);
    // The steps differ in their second element only: the array is the value's own, its first element the other's.
    expect(second.spec).not.toBe(first.spec);
    expect(second.spec.steps).not.toBe(first.spec.steps);
    expect(second.spec.steps[0]).toBe(first.spec.steps[0]);
    expect(second.spec.steps[1]).not.toBe(first.spec.steps[1]);
    expect(JSON.stringify(second)).toBe(text);
    const third = deepFreezeJson(JSON.parse(JSON.stringify(first)), first);
    expect(third).not.toBe(first);
    expect(third.spec).toBe(first.spec);
  });

  it("shares nothing nested that differs in key order, in keys, in length, or with an unfrozen other value", () => {
    const other = deepFreezeJson(JSON.parse('{"a":{"x":1,"y":2},"b":{"x":1},"c":[1,2],"d":{"x":1},"e":{"x":{"y":1}}}'));
    const value = JSON.parse('{"a":{"y":2,"x":1},"b":{"x":1,"z":3},"c":[1,2,3],"d":{},"e":{"x":{"y":1}}}');
    const text = JSON.stringify(value);
    deepFreezeJson(value, other);
    expect(value.a).not.toBe(other.a);
    expect(value.b).not.toBe(other.b);
    expect(value.c).not.toBe(other.c);
    expect(value.d).not.toBe(other.d);
    expect(value.e).toBe(other.e);
    expect(JSON.stringify(value)).toBe(text);
    const unfrozen = { spec: { steps: [] } };
    const copy = deepFreezeJson({ spec: { steps: [] } }, unfrozen);
    expect(copy.spec).not.toBe(unfrozen.spec);
    expect(Object.isFrozen(copy.spec)).toBe(true);
  });

  it("holds one copy of a string equal to the other value's at the same place", () => {
    // A string's identity is not observable: measured as heap held, with a forced GC.
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const long = "r".repeat(4096);
    const parse = () => Array.from({ length: 2000 }, (_, i) => JSON.parse(`{"name":"n-${i}","spec":{"repoURL":"${long}"}}`) as object);
    const held = (freeze: (items: object[]) => void): number => {
      gc();
      const before = process.memoryUsage().heapUsed;
      const items = parse();
      freeze(items);
      gc();
      const bytes = process.memoryUsage().heapUsed - before;
      expect(items).toHaveLength(2000);
      return bytes;
    };
    const separate = held((items) => items.forEach((i) => deepFreeze(i)));
    const shared = held((items) => items.reduce<unknown>((previous, i) => deepFreezeJson(i, previous), undefined));
    // 2,000 copies of 4 KiB against one (the heap figure moves by a few hundred KiB between GCs).
    expect(separate).toBeGreaterThan((2000 * 4096) / 2);
    expect(shared).toBeLessThan((2000 * 4096) / 8);
  });
});
