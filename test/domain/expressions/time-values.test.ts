import { evaluateSource, evaluateTemplate, isExpressionError } from "../../../src/domain/expressions/index.js";

describe("date functions and time values (expr-lang's date(), now(), duration())", () => {
  const env = { commitDate: undefined as unknown };
  const run = (source: string, extra: Record<string, unknown> = {}) => evaluateSource(source, { ...env, ...extra });

  it("parses RFC 3339, plain dates and date-times (UTC), and Go layouts with numeric fields", () => {
    expect(run("date('2024-03-05T10:20:30Z').Unix()")).toBe(Date.UTC(2024, 2, 5, 10, 20, 30) / 1000);
    expect(run("date('2024-03-05T10:20:30+02:00').Hour()")).toBe(8);
    expect(run("date('2024-03-05T10:20:30.123456789Z').UnixMilli()")).toBe(Date.UTC(2024, 2, 5, 10, 20, 30, 123));
    expect(run("date('2024-03-05') == date('2024-03-05T00:00:00Z')")).toBe(true);
    expect(run("date('2024-03-05 07:08:09').Minute()")).toBe(8);
    expect(run("date('05/03/2024', '02/01/2006').Month()")).toBe(3);
    expect(run("date('2024-03-05', '2006-01-02', 'UTC').Day()")).toBe(5);
  });

  it("offers Go's time methods: After, Before, Equal, Year … YearDay, Sub, Add, AddDate", () => {
    const t = "date('2024-12-31T23:00:00Z')";
    expect(run(`${t}.After(date('2024-01-01'))`)).toBe(true);
    expect(run(`${t}.Before(date('2024-01-01'))`)).toBe(false);
    expect(run(`${t}.Equal(date('2025-01-01T00:00:00+01:00'))`)).toBe(true);
    expect(run(`[${t}.Year(), ${t}.Month(), ${t}.Day(), ${t}.Weekday(), ${t}.YearDay()]`)).toEqual([2024, 12, 31, 2, 366]);
    expect(run(`${t}.Sub(date('2024-12-31')).Hours()`)).toBe(23);
    expect(run(`${t}.Add(duration('1h')).Year()`)).toBe(2025);
    expect(run(`${t}.AddDate(0, 2, 0).Month()`)).toBe(3);
  });

  it("compares and subtracts times and durations as expr-lang does", () => {
    expect(run("date('2024-01-02') > date('2024-01-01')")).toBe(true);
    expect(run("date('2024-01-02') - date('2024-01-01') == duration('24h')")).toBe(true);
    expect(run("date('2024-01-02') - duration('48h') < date('2024-01-01')")).toBe(true);
    expect(run("duration('90m') > duration('1h') && duration('90m').Minutes() == 90")).toBe(true);
    expect(run("now() - commitDate < duration('1h')", { commitDate: run("now()") })).toBe(true);
  });

  it("prints times as RFC 3339 and durations as Go does when interpolated", () => {
    expect(evaluateTemplate("at ${{ date('2024-03-05T10:20:30Z') }} after ${{ duration('1h30m') }}", {})).toBe("at 2024-03-05T10:20:30Z after 1h30m0s");
  });

  it("refuses what it cannot read, with an expression error naming it", () => {
    for (const source of [
      "date('yesterday')",
      "date(42)",
      "duration('3 days')",
      "date('2024-01-01').Lunar()",
      "date('2024-01-01').After('2023-01-01')",
      "date('2024-01-01', '2006-01-02', 'Europe/Paris')",
      "date('2024-01-01') < 5",
    ]) {
      let caught: unknown;
      try {
        run(source);
      } catch (error) {
        caught = error;
      }
      expect([source, isExpressionError(caught)]).toEqual([source, true]);
    }
  });
});
