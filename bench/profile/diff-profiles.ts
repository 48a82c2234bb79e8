// Compares two CPU profiles of the same calls per call: scenario 1's sections of the Kargo server
// and of the bare floor (BENCH_CPU_PROF writes `kargo-…-getstage-c64.cpuprofile` and
// `floor-…-getstage-c64.cpuprofile`, each with the number of calls it covers as `benchCalls`).
// Prints self time in µs per call (samples × the median sampling interval, / calls) for each side
// and the difference, largest difference first, per function and per file/package; idle samples
// are left out.
//   node --import tsx bench/profile/diff-profiles.ts <kargo.cpuprofile> <floor.cpuprofile> [top=40]
import { readFileSync } from "node:fs";
import { selfTimes, type Profile } from "./summarize-profile.js";

/** One row of the comparison: µs per call on each side. */
export interface DiffRow {
  readonly name: string;
  readonly aUs: number;
  readonly bUs: number;
}

const IDLE = "(idle)";

/** Self time per call of each function and file/package in `a` and `b`, sorted by a − b, largest first. */
export function diffProfiles(
  a: Profile,
  aCalls: number,
  b: Profile,
  bCalls: number,
): { aTotalUs: number; bTotalUs: number; functions: DiffRow[]; files: DiffRow[] } {
  // By sample counts: two processes on a loaded machine are descheduled differently (summarize-profile.ts).
  const sa = selfTimes(a, true);
  const sb = selfTimes(b, true);
  const rows = (ma: Map<string, number>, mb: Map<string, number>): DiffRow[] =>
    [...new Set([...ma.keys(), ...mb.keys()])]
      .filter((name) => !name.startsWith(IDLE))
      .map((name) => ({ name, aUs: ((ma.get(name) ?? 0) * 1000) / aCalls, bUs: ((mb.get(name) ?? 0) * 1000) / bCalls }))
      .sort((x, y) => y.aUs - y.bUs - (x.aUs - x.bUs));
  const busyUs = (s: ReturnType<typeof selfTimes>, calls: number) => ((s.totalMs - (s.files.get(IDLE) ?? 0)) * 1000) / calls;
  return { aTotalUs: busyUs(sa, aCalls), bTotalUs: busyUs(sb, bCalls), functions: rows(sa.functions, sb.functions), files: rows(sa.files, sb.files) };
}

function callsOf(profile: Profile & { benchCalls?: number }, file: string): number {
  if (!profile.benchCalls) throw new Error(`${file} has no benchCalls (only scenario 1's sections of a BENCH_CPU_PROF run do)`);
  return profile.benchCalls;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [aFile, bFile, top] = process.argv.slice(2);
  if (!aFile || !bFile) throw new Error("usage: diff-profiles.ts <kargo.cpuprofile> <floor.cpuprofile> [top]");
  const a = JSON.parse(readFileSync(aFile, "utf8")) as Profile & { benchCalls?: number };
  const b = JSON.parse(readFileSync(bFile, "utf8")) as Profile & { benchCalls?: number };
  const diff = diffProfiles(a, callsOf(a, aFile), b, callsOf(b, bFile));
  const n = Number(top ?? 40);
  const us = (v: number) => v.toFixed(1).padStart(7);
  const print = (title: string, rows: DiffRow[]) => {
    console.log(`\n${title} (µs per call: first, second, difference)`);
    for (const r of rows.slice(0, n)) console.log(`${us(r.aUs)} ${us(r.bUs)} ${us(r.aUs - r.bUs)}  ${r.name}`);
  };
  console.log(`busy (non-idle) samples per call: ${us(diff.aTotalUs)} ${us(diff.bTotalUs)} ${us(diff.aTotalUs - diff.bTotalUs)}`);
  print("self time by file / package", diff.files);
  print("self time by function", diff.functions);
}
