import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

/** What a verified request asks for: refresh the Warehouses subscribed to these repositories. */
export type ReceiverVerdict =
  | { status: 200; repositories: { kind: "git" | "image"; url: string }[]; message?: string }
  | { status: 400 | 401 | 501; error: string };

/** One kind of webhook receiver: the Secret key(s) it needs, and how it reads a request. */
export interface ReceiverType {
  /** Secret data keys whose values are the shared secret (and seed the URL). */
  secretKeys: readonly string[];
  handle(headers: IncomingHttpHeaders, body: Buffer, secret: Record<string, string>): ReceiverVerdict;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function json(body: Buffer): Record<string, any> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString("utf8"));
    return typeof value === "object" && value !== null ? (value as Record<string, any>) : undefined;
  } catch {
    return undefined;
  }
}

const header = (headers: IncomingHttpHeaders, name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * The receivers Kargo defines that the embedded engine serves:
 * - `github`: `X-Hub-Signature-256` = HMAC-SHA256 of the body with the Secret's `secret`; `ping`
 *   answers 200, `push` refreshes `repository.html_url` (as Git), other events 501;
 * - `gitlab`: `X-Gitlab-Token` equal to the Secret's `secret-token`; push and tag push refresh
 *   `project.git_http_url`;
 * - `dockerhub`: unsigned (the URL is the secret, seeded by `secret`); refreshes
 *   `docker.io/<repository.repo_name>` (as an image);
 * - `quay`: unsigned likewise; refreshes `docker_url`.
 * Tokens and signatures are compared in constant time.
 */
export const RECEIVER_TYPES: Readonly<Record<string, ReceiverType>> = {
  github: {
    secretKeys: ["secret"],
    handle(headers, body, secret) {
      const signature = header(headers, "x-hub-signature-256");
      if (!signature) return { status: 401, error: "missing signature" };
      const expected = `sha256=${createHmac("sha256", secret["secret"] ?? "").update(body).digest("hex")}`;
      if (!sameText(signature, expected)) return { status: 401, error: "unauthorized" };
      const event = header(headers, "x-github-event");
      if (event === "ping") return { status: 200, repositories: [], message: "ping event received, webhook is configured correctly" };
      if (event !== "push") return { status: 501, error: `event type ${event ?? "(none)"} is not supported` };
      const url = json(body)?.["repository"]?.["html_url"];
      if (typeof url !== "string") return { status: 400, error: "invalid request body" };
      return { status: 200, repositories: [{ kind: "git", url }] };
    },
  },
  gitlab: {
    secretKeys: ["secret-token"],
    handle(headers, body, secret) {
      const token = header(headers, "x-gitlab-token");
      if (!token || !sameText(token, secret["secret-token"] ?? "")) return { status: 401, error: "unauthorized" };
      const event = header(headers, "x-gitlab-event");
      if (event !== "Push Hook" && event !== "Tag Push Hook") return { status: 501, error: `event type ${event ?? "(none)"} is not supported` };
      const url = json(body)?.["project"]?.["git_http_url"];
      if (typeof url !== "string") return { status: 400, error: "invalid request body" };
      return { status: 200, repositories: [{ kind: "git", url }] };
    },
  },
  dockerhub: {
    secretKeys: ["secret"],
    handle(_headers, body) {
      const name = json(body)?.["repository"]?.["repo_name"];
      if (typeof name !== "string" || name === "") return { status: 400, error: "invalid request body" };
      return { status: 200, repositories: [{ kind: "image", url: `docker.io/${name}` }] };
    },
  },
  quay: {
    secretKeys: ["secret"],
    handle(_headers, body) {
      const url = json(body)?.["docker_url"];
      if (typeof url !== "string" || url === "") return { status: 400, error: "invalid request body" };
      return { status: 200, repositories: [{ kind: "image", url }] };
    },
  },
};
