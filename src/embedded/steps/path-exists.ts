import { access } from "node:fs/promises";

/** True when something is at `path` (a link is followed: a dangling one is nothing). */
export function pathExists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
