import { readFile } from "node:fs/promises";
import { LocalError, UsageError } from "./cli-errors.js";
import type { CliIo } from "./cli-context.js";

/** The bytes of the -f/--filename arguments ("-" = stdin), documents joined with "---". */
export async function readManifest(io: CliIo, files: readonly string[] | undefined): Promise<Uint8Array> {
  if (!files || files.length === 0) throw new UsageError("this command needs -f FILE (or -f - for stdin)");
  const parts: string[] = [];
  for (const file of files) {
    if (file === "-") {
      const chunks: Buffer[] = [];
      for await (const chunk of io.stdin) chunks.push(Buffer.from(chunk as Buffer));
      parts.push(Buffer.concat(chunks).toString("utf8"));
      continue;
    }
    try {
      parts.push(await readFile(file, "utf8"));
    } catch (e) {
      throw new LocalError("file", `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
    }
  }
  // A JSON document is also YAML, so joining with a document separator keeps every file's objects.
  return new TextEncoder().encode(parts.map((p) => p.trim()).join("\n---\n"));
}
