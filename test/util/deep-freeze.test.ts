import { deepFreeze } from "../../src/util/deep-freeze.js";

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
