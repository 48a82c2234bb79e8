import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";

/** A V8 CPU profile being recorded in this process. */
export interface CpuProfile {
  /** Stops recording and writes the profile (a .cpuprofile, as `--cpu-prof` writes); returns the path. */
  write(): Promise<string>;
}

/**
 * Starts recording a CPU profile of this process through the inspector, to be written on demand.
 * `--cpu-prof` writes only at exit, and a worker that takes longer to exit than the load generator
 * allows (a profile of a 100,000-object start-up is hundreds of MiB to serialise on a loaded
 * machine) was killed before the profile was written: nothing was left to read.
 */
export async function startCpuProfile(path: string): Promise<CpuProfile> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
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
  };
}
