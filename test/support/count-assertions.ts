// Opt-in measurement of the test loop: with KARGO_TEST_STATS_FILE set, every test file appends one
// line (path, tests, assertions executed, CPU seconds of the worker and of its reaped children) so a
// change to the suite can be checked for lost assertions and its cost attributed per file. Unset,
// this registers nothing.
import { appendFileSync, readFileSync } from "node:fs";

const statsFile = process.env.KARGO_TEST_STATS_FILE;

/** utime+stime and cutime+cstime of this process, in clock ticks (USER_HZ, 100 on Linux). */
function cpuTicks(): [number, number] {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state); utime is field 14.
  return [Number(fields[11]) + Number(fields[12]), Number(fields[13]) + Number(fields[14])];
}

if (statsFile) {
  const [selfStart, childStart] = cpuTicks();
  const wallStart = Date.now();
  let tests = 0;
  let assertions = 0;
  afterEach(() => {
    tests += 1;
    assertions += expect.getState().assertionCalls;
  });
  afterAll(() => {
    const [self, children] = cpuTicks();
    const path = expect.getState().testPath ?? "?";
    appendFileSync(
      statsFile,
      `${path}\t${tests}\t${assertions}\t${(self - selfStart) / 100}\t${(children - childStart) / 100}\t${(Date.now() - wallStart) / 1000}\n`,
    );
  });
}
