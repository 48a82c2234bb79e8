import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";

/** Removes everything in a checkout except its `.git`, so the next commit holds only what is written anew. */
export async function clearWorkTree(path: string): Promise<void> {
  for (const entry of await readdir(path)) {
    if (entry !== ".git") await rm(join(path, entry), { recursive: true, force: true });
  }
}
