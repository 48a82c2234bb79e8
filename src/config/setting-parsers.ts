import { accessSync, constants } from "node:fs";
import { resolve } from "node:path";
import { parseByteSize } from "./parse-byte-size.js";
import { parseDuration } from "./parse-duration.js";
import { Invalid, type Parser } from "./setting.js";

// The parsers of the settings catalogue: each reads one setting's text and says why it refuses one.

const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/u;
const invalid = (why: string) => new Invalid([why]);

/** Any text. */
export const text: Parser<string> = (t) => t;

/** Comma-separated items, trimmed, empty ones dropped. */
export const list: Parser<string[]> = (t) =>
  t
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");

export const bool: Parser<boolean> = (t) => {
  const v = t.trim().toLowerCase();
  if (["true", "1", "yes", "on"].includes(v)) return true;
  if (["false", "0", "no", "off"].includes(v)) return false;
  return invalid("must be true or false");
};

export const port: Parser<number> = (t) => {
  const n = /^\d+$/.test(t.trim()) ? Number(t) : NaN;
  return n >= 0 && n <= 65535 ? n : invalid("must be a port number from 0 to 65535");
};

/** A port, or nothing when the text is empty. */
export const optionalPort: Parser<number | undefined> = (t, context) => (t.trim() === "" ? undefined : port(t, context));

/** A whole number from 1 to `max`. */
export const count =
  (max = 1_000_000): Parser<number> =>
  (t) => {
    const n = /^\d+$/.test(t.trim()) ? Number(t) : NaN;
    return n >= 1 && n <= max ? n : invalid(`must be a whole number from 1 to ${max}`);
  };

/** A Go-style duration in milliseconds, at least `minMs`. */
export const duration =
  (minMs = 1): Parser<number> =>
  (t) => {
    const ms = parseDuration(t);
    return ms !== undefined && ms >= minMs ? ms : invalid(`must be a duration such as "15s" or "1h30m"${minMs > 0 ? " greater than zero" : ""}`);
  };

// connect-es cannot read messages larger than this (its own ceiling).
const maxReadBytes = 0xffffffff;

/** A request size in bytes, from 1 byte to what connect-es can read. */
export const requestBytes: Parser<number> = (t) => {
  const bytes = parseByteSize(t);
  return bytes !== undefined && bytes >= 1 && bytes <= maxReadBytes ? bytes : invalid("must be a size from 1 byte to 4GiB, such as 4194304 or 4MiB");
};

/** A byte size (`512MiB`), in whole MiB: a V8 heap bound, from 16 MiB (less cannot start a thread) to 64 GiB. */
export const heapMebibytes: Parser<number> = (t) => {
  const bytes = parseByteSize(t);
  const mib = bytes === undefined ? NaN : Math.floor(bytes / (1024 * 1024));
  return mib >= 16 && mib <= 64 * 1024 ? mib : invalid("must be a size from 16MiB to 64GiB, such as 512MiB");
};

/** One of `values`, case-insensitive (read in lower case). */
export const oneOf =
  <T extends string>(values: readonly T[]): Parser<T> =>
  (t) => {
    const v = t.toLowerCase() as T;
    return values.includes(v) ? v : invalid(`must be one of ${values.join(", ")}`);
  };

/** A path, resolved against the working directory. */
export const path: Parser<string> = (t, { cwd }) => resolve(cwd, t);

/** A readable file's resolved path. */
export const readableFile: Parser<string> = (t, context) => {
  const resolved = resolve(context.cwd, t);
  try {
    accessSync(resolved, constants.R_OK);
    return resolved;
  } catch {
    return new Invalid(["file does not exist or is not readable"], { assumed: resolved });
  }
};

/** A URL without trailing slashes (a base that paths are appended to). */
export const baseUrl: Parser<string> = (t) => t.replace(/\/+$/u, "");

export const namespace: Parser<string> = (t) => (dnsLabel.test(t) ? t : invalid(`"${t}" is not a valid namespace name`));

/** Comma-separated namespaces; one problem per bad name. */
export const namespaces: Parser<string[]> = (t, context) => {
  const names = list(t, context) as string[];
  const bad = names.filter((n) => !dnsLabel.test(n)).map((n) => `"${n}" is not a valid namespace name`);
  return bad.length > 0 ? new Invalid(bad) : names;
};

/** Comma-separated browser origins, or `*`; one problem per bad origin. */
export const origins: Parser<string[]> = (t, context) => {
  const values = list(t, context) as string[];
  const bad = values.filter((o) => o !== "*" && !isOrigin(o)).map((o) => `"${o}" is not an origin like https://ui.example.com or *`);
  return bad.length > 0 ? new Invalid(bad) : values;
};

function isOrigin(t: string): boolean {
  if (!URL.canParse(t)) return false;
  const u = new URL(t);
  return (u.protocol === "http:" || u.protocol === "https:") && u.origin === t.replace(/\/$/, "");
}

/** `shard=url,…`; a bare URL is the default shard (""). */
export const shardUrls: Parser<Record<string, string>> = (t, context) => {
  const urls: Record<string, string> = {};
  const bad: string[] = [];
  for (const entry of list(t, context) as string[]) {
    const eq = entry.indexOf("=");
    const [shard, url] = eq < 0 ? ["", entry] : [entry.slice(0, eq).trim(), entry.slice(eq + 1).trim()];
    if (!URL.canParse(url)) bad.push(`"${entry}" is not shard=url`);
    urls[shard] = url;
  }
  return bad.length > 0 ? new Invalid(bad) : urls;
};

/** `Name=value,…` headers; values may hold secrets, so they are never echoed. */
export const headerTemplates: Parser<Record<string, string>> = (t) => {
  const headers: Record<string, string> = {};
  const bad: string[] = [];
  if (t.trim() === "") return headers;
  for (const [index, pair] of t.split(",").entries()) {
    const at = pair.indexOf("=");
    const key = at < 0 ? "" : pair.slice(0, at).trim();
    if (!headerName.test(key)) {
      bad.push(`entry ${index + 1} is not Name=value with a valid header name`);
      continue;
    }
    headers[key] = pair.slice(at + 1).trim();
  }
  return bad.length > 0 ? new Invalid(bad, { secret: true }) : headers;
};

/** A bcrypt hash; a secret, never echoed. */
export const bcryptHash: Parser<string> = (t) =>
  /^\$2[aby]?\$\d{2}\$[./A-Za-z0-9]{53}$/.test(t) ? t : new Invalid(["is not a bcrypt hash"], { secret: true });

/** An HMAC key of at least 32 characters; a secret, never echoed. */
export const signingKey: Parser<string> = (t) => (t.length >= 32 ? t : new Invalid(["must be at least 32 characters"], { secret: true }));

export const rfc3339Time: Parser<Date> = (t) => {
  const time = new Date(t);
  return Number.isNaN(time.getTime()) ? invalid("must be an RFC 3339 time") : time;
};
