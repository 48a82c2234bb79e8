/**
 * Calls `stop` once when the process that launched this one exits, if that was npm (`npm start`,
 * `npx kargo-api serve`: npm sets `npm_command`). npm runs a script's command through `sh -c`; on
 * SIGTERM npm passes the signal to that shell, which dies without passing it on, and the server
 * would keep serving its port and data directory as an orphan. Watching for the re-parenting
 * (process.ppid changes) closes that gap for every way npm can go away, SIGKILL included. Outside
 * npm nothing is watched: a supervisor signals the server itself (README "Running it under a
 * supervisor"), and a server started in the background of a shell must outlive that shell.
 */
export function stopWhenOrphaned(env: NodeJS.ProcessEnv, stop: () => void, intervalMs = 500): () => void {
  if (!env["npm_command"]) return () => {};
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    stop();
  }, intervalMs);
  // Never what keeps the process alive.
  timer.unref();
  return () => clearInterval(timer);
}
