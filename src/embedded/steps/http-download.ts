import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { httpRequestOf } from "./http-request.js";
import { resolveWorkPath } from "./resolve-work-path.js";
import { refuseOverwrite } from "./refuse-overwrite.js";
import { StepConfig } from "./step-config.js";
import type { StepRunner } from "./step-types.js";

/** Largest file `http-download` writes. */
export const HTTP_DOWNLOAD_LIMIT = 512 * 1024 * 1024;

/**
 * `http-download`: GETs `url` (`headers`, `queryParams`, `timeout`) into `outPath`; an existing
 * file is replaced only with `allowOverwrite`. A non-2xx answer fails the step; the body is
 * streamed to a temporary file (at most 512 MiB) and renamed into place when complete.
 */
export const httpDownload: StepRunner = async (raw, context) => {
  const config = new StepConfig("http-download", raw);
  const outPath = config.string("outPath");
  const target = resolveWorkPath(context.workDir, outPath, "http-download");
  const { url, init } = httpRequestOf(config, context.signal);
  await refuseOverwrite(config, "allowOverwrite", target, outPath);
  const response = await fetch(url, { ...init, method: "GET" });
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => {});
    config.fail(`GET ${url.origin}${url.pathname} answered HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > HTTP_DOWNLOAD_LIMIT) config.fail(`the download is larger than ${HTTP_DOWNLOAD_LIMIT} bytes`);
  await mkdir(dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  let size = 0;
  const limited = Readable.fromWeb(response.body as never).map((chunk: Buffer) => {
    size += chunk.length;
    if (size > HTTP_DOWNLOAD_LIMIT) throw config.error(`the download is larger than ${HTTP_DOWNLOAD_LIMIT} bytes`);
    return chunk;
  });
  try {
    await pipeline(limited, createWriteStream(partial));
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  await rename(partial, target);
  return {};
};
