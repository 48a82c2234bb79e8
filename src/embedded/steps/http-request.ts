import { parseGoDuration } from "../../domain/parse-go-duration.js";
import type { StepConfig } from "./step-config.js";

const DEFAULT_TIMEOUT_MS = 10_000;

/** Builds the URL and request of an `http` or `http-download` step (`url`, `queryParams`, `headers`, `timeout`). */
export function httpRequestOf(config: StepConfig, signal: AbortSignal): { url: URL; init: RequestInit } {
  const raw = config.string("url");
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    config.fail(`config.url "${raw}" is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") config.fail(`config.url "${raw}" must be http or https`);
  for (const param of config.list("queryParams")) url.searchParams.append(param.string("name"), param.string("value"));
  const headers = new Headers();
  for (const header of config.list("headers")) headers.append(header.string("name"), header.string("value"));
  const timeoutText = config.optionalString("timeout");
  const timeoutMs = timeoutText === undefined ? DEFAULT_TIMEOUT_MS : parseGoDuration(timeoutText);
  if (timeoutMs === undefined || timeoutMs <= 0) config.fail(`config.timeout "${timeoutText}" is not a duration such as "30s"`);
  return { url, init: { headers, redirect: "follow", signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) } };
}
