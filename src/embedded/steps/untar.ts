import { mkdir, stat } from "node:fs/promises";
import { dirname, isAbsolute, join, normalize, posix, relative, resolve } from "node:path";
import { extract, list, type ReadEntry } from "tar";
import { resolveWorkPath } from "./resolve-work-path.js";
import { StepConfig } from "./step-config.js";
import type { StepRunner } from "./step-types.js";

/** Most entries and bytes an archive may expand to (a tar bomb fails the step before extraction). */
export const UNTAR_MAX_ENTRIES = 100_000;
export const UNTAR_MAX_BYTES = 1024 * 1024 * 1024;

/**
 * `untar`: extracts the tar (optionally gzip-compressed) archive `inPath` into `outPath`, dropping
 * `stripComponents` leading path parts. The archive is read once first, through the maintained
 * `tar` package, and refused — naming the entry — when any entry has an absolute path, climbs out
 * with `..`, or is a symbolic or hard link whose target lies outside `outPath`, or when it has
 * more than 100,000 entries or 1 GiB of content; only then is it extracted (links kept inside).
 */
export const untar: StepRunner = async (raw, context) => {
  const config = new StepConfig("untar", raw);
  const inPath = config.string("inPath");
  const outPathText = config.string("outPath");
  const archive = resolveWorkPath(context.workDir, inPath, "untar");
  const outDir = resolveWorkPath(context.workDir, outPathText, "untar");
  const strip = config.raw["stripComponents"] ?? 0;
  if (typeof strip !== "number" || !Number.isInteger(strip) || strip < 0) config.fail("config.stripComponents must be a non-negative integer");
  if (
    !(await stat(archive).then(
      (s) => s.isFile(),
      () => false,
    ))
  )
    config.fail(`file "${inPath}" does not exist`);

  let entries = 0;
  let bytes = 0;
  let problem: string | undefined;
  const check = (entry: ReadEntry) => {
    if (problem) return;
    entries++;
    bytes += entry.size ?? 0;
    if (entries > UNTAR_MAX_ENTRIES) problem = `the archive has more than ${UNTAR_MAX_ENTRIES} entries`;
    else if (bytes > UNTAR_MAX_BYTES) problem = `the archive holds more than ${UNTAR_MAX_BYTES} bytes`;
    const name = entry.path;
    if (problem) return;
    if (isAbsolute(name) || /^[A-Za-z]:/.test(name) || name.startsWith("/")) problem = `entry "${name}" has an absolute path`;
    else if (posix.normalize(name).split("/").includes("..")) problem = `entry "${name}" leaves the output directory`;
    else if (entry.type === "SymbolicLink" || entry.type === "Link") {
      const target = entry.linkpath ?? "";
      const from = entry.type === "SymbolicLink" ? dirname(join(outDir, name)) : outDir;
      const resolved = isAbsolute(target) ? normalize(target) : resolve(from, target);
      const inside = relative(outDir, resolved);
      if (isAbsolute(target) || inside.startsWith("..") || isAbsolute(inside))
        problem = `entry "${name}" is a link to "${target}", outside the output directory`;
    }
  };
  try {
    await list({ file: archive, onReadEntry: check, strict: true });
  } catch (error) {
    config.fail(`file "${inPath}" is not a readable tar archive: ${(error as Error).message}`);
  }
  if (problem) config.fail(`refusing to extract "${inPath}": ${problem}`);
  await mkdir(outDir, { recursive: true });
  await extract({ file: archive, cwd: outDir, strip: strip as number, strict: true, preservePaths: false, noChmod: true, preserveOwner: false });
  return {};
};
