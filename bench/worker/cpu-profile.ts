import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";

/** A V8 CPU profile being recorded in this process. */
export interface CpuProfile {
  /** Stops recording and writes the profile (a .cpuprofile, as `--cpu-prof` writes); returns the path. */
  write(): Promise<string>;
  /**
   * Writes what was recorded since the start or the previous section to `<path>-<label>.cpuprofile`
   * and goes on recording from now; `calls` (the RPCs the process served in that span) is stored in
   * the file as `benchCalls`, for per-call figures (bench/profile/diff-profiles.ts). Returns the path.
   */
  section(label: string, calls?: number): Promise<string>;
}

/**
 * Starts recording a CPU profile of this process through the inspector, to be written on demand.
 * `--cpu-prof` writes only at exit, and a worker that takes longer to exit than the load generator
 * allows (a profile of a 100,000-object start-up is hundreds of MiB to serialise on a loaded
 * machine) was killed before the profile was written: nothing was left to read.
 * `samplingIntervalUs`: V8's default is 1000 µs; finer intervals resolve per-call costs of a few µs.
 */
export async function startCpuProfile(path: string, samplingIntervalUs?: number): Promise<CpuProfile> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  if (samplingIntervalUs !== undefined) await session.post("Profiler.setSamplingInterval", { interval: samplingIntervalUs });
  await session.post("Profiler.start");
  let written: Promise<string> | undefined;
  return {
    write: () =>
      (written ??= (async () => {
        const { profile } = await session.post("Profiler.stop");
        await writeFile(path, JSON.stringify(profile));
        session.disconnect();
        return path;
      })()),
    async section(label, calls) {
      if (written) throw new Error("the CPU profile was already written");
      const { profile } = await session.post("Profiler.stop");
      await session.post("Profiler.start");
      const sectionPath = `${path.replace(/\.cpuprofile$/, "")}-${label}.cpuprofile`;
      await writeFile(sectionPath, JSON.stringify(calls === undefined ? profile : { ...profile, benchCalls: calls }));
      return sectionPath;
    },
  };
}
