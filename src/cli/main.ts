#!/usr/bin/env node
import { runCli } from "./run-cli.js";

// Entry point of `kargo-api` (bin/kargo-api.js runs the built copy): the process's streams and
// environment go in once; SIGINT/SIGTERM abort long-running commands (watch, serve, SSO login),
// which then end normally.
const controller = new AbortController();
const stop = () => controller.abort(new Error("interrupted"));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
const code = await runCli(process.argv.slice(2), {
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
});
process.stdout.write("", () => process.exit(code));
