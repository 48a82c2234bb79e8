import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

/** A repository a push names: Git URLs and image/chart references are compared normalised. */
export interface PushedRepository {
  kind: "git" | "image";
  url: string;
}

/** What a verified request asks for: refresh the Warehouses subscribed to these repositories. */
export type ReceiverVerdict = { status: 200; repositories: PushedRepository[]; message?: string } | { status: 400 | 401 | 501; error: string };

/** One kind of webhook receiver: the Secret key(s) it needs, and how it reads a request. */
export interface ReceiverType {
  /** Secret data keys whose values are the shared secret (and seed the URL). */
  secretKeys: readonly string[];
  /** `config` is the receiver's own entry (`{ secretRef, virtualRepoName }` for artifactory). */
  handle(headers: IncomingHttpHeaders, body: Buffer, secret: Record<string, string>, config: Record<string, unknown>): ReceiverVerdict;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// biome-ignore lint/suspicious/noExplicitAny: foreign webhook JSON is walked with optional chaining; every leaf read is checked (typeof, text(), String())
function json(body: Buffer): Record<string, any> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString("utf8"));
    // biome-ignore lint/suspicious/noExplicitAny: the same walked payload type as the return type above
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
 * Checks a `sha256=<hex>` (or `sha1=<hex>`) HMAC signature of the body, as GitHub-style senders
 * (Gitea, Bitbucket) send it; an unknown algorithm is a bad signature.
 */
function hmacSignatureValid(signature: string, body: Buffer, key: string): boolean {
  const match = /^(sha256|sha1)=([0-9a-f]+)$/u.exec(signature);
  if (!match) return false;
  return sameText(match[2]!, createHmac(match[1]!, key).update(body).digest("hex"));
}

/** An artifact reference without its `:tag` or `@digest`: the repository a pushed artifact is in. */
function repositoryOf(reference: string): string {
  const withoutDigest = reference.split("@")[0]!;
  const slash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.lastIndexOf(":");
  return colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);
const invalidBody = { status: 400, error: "invalid request body" } as const;

/**
 * The receivers Kargo defines that the embedded engine serves:
 * - `github`: `X-Hub-Signature-256` = HMAC-SHA256 of the body with the Secret's `secret`; `ping`
 *   answers 200, `push` refreshes `repository.html_url` (as Git), other events 501;
 * - `gitlab`: `X-Gitlab-Token` equal to the Secret's `secret-token`; push and tag push refresh
 *   `project.git_http_url`;
 * - `dockerhub`: unsigned (the URL is the secret, seeded by `secret`); refreshes
 *   `docker.io/<repository.repo_name>` (as an image);
 * - `quay`: unsigned likewise; refreshes `docker_url`;
 * - `gitea`: `X-Gitea-Event: push` (others 501), `X-Hub-Signature-256` HMAC with `secret`;
 *   refreshes `repository.clone_url`;
 * - `bitbucket`: `X-Event-Key` `repo:push` (Cloud: `repository.links.html.href`) or
 *   `repo:refs_changed` (Data Center: every `repository.links.clone[].href`), others 400;
 *   `X-Hub-Signature` HMAC (`sha256=`) with `secret`;
 * - `artifactory`: `X-Jfrog-Event-Auth` = hex HMAC-SHA256 of the body with `secret-token`;
 *   `event_type: pushed` in `domain: docker` (others 501) of an `image_type` `docker` or `oci`;
 *   refreshes `<host of jpd_origin>/<virtualRepoName or data.repo_key>/<data.path without its
 *   last two segments>` (the path ends `<tag>/manifest.json`);
 * - `azure`: unsigned (URL seeded by `secret`); told apart by User-Agent: `AzureContainerRegistry…`
 *   (`push` refreshes `<request.host>/<target.repository>`, `ping` answers 200) or `VSServices…`
 *   (Azure DevOps `git.push` refreshes `resource.repository.remoteUrl`); anything else 400;
 * - `harbor`: `Authorization` equal to the Secret's `auth-header`; `type: PUSH_ARTIFACT` (others
 *   400) refreshes the repository of `event_data.resources[0].resource_url`.
 * Tokens and signatures are compared in constant time.
 */
export const RECEIVER_TYPES: Readonly<Record<string, ReceiverType>> = {
  github: {
    secretKeys: ["secret"],
    handle(headers, body, secret) {
      const signature = header(headers, "x-hub-signature-256");
      if (!signature) return { status: 401, error: "missing signature" };
      const expected = `sha256=${createHmac("sha256", secret["secret"] ?? "")
        .update(body)
        .digest("hex")}`;
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
  gitea: {
    secretKeys: ["secret"],
    handle(headers, body, secret) {
      const event = header(headers, "x-gitea-event");
      if (event !== "push") return { status: 501, error: `event type ${event ?? "(none)"} is not supported` };
      const signature = header(headers, "x-hub-signature-256");
      if (!signature) return { status: 401, error: "missing signature" };
      if (!hmacSignatureValid(signature, body, secret["secret"] ?? "")) return { status: 401, error: "unauthorized" };
      const url = text(json(body)?.["repository"]?.["clone_url"]);
      return url ? { status: 200, repositories: [{ kind: "git", url }] } : invalidBody;
    },
  },
  bitbucket: {
    secretKeys: ["secret"],
    handle(headers, body, secret) {
      const event = header(headers, "x-event-key");
      if (event !== "repo:push" && event !== "repo:refs_changed") return { status: 400, error: `event type ${event ?? "(none)"} is not supported` };
      const signature = header(headers, "x-hub-signature");
      if (!signature) return { status: 401, error: "missing signature" };
      if (!hmacSignatureValid(signature, body, secret["secret"] ?? "")) return { status: 401, error: "unauthorized" };
      const repository = json(body)?.["repository"];
      const urls =
        event === "repo:push"
          ? [text(repository?.["links"]?.["html"]?.["href"])]
          : (Array.isArray(repository?.["links"]?.["clone"]) ? (repository["links"]["clone"] as { href?: unknown }[]) : []).map((link) => text(link?.href));
      const found = urls.filter((url): url is string => url !== undefined);
      return found.length > 0 ? { status: 200, repositories: found.map((url) => ({ kind: "git" as const, url })) } : invalidBody;
    },
  },
  artifactory: {
    secretKeys: ["secret-token"],
    handle(headers, body, secret, config) {
      const signature = header(headers, "x-jfrog-event-auth");
      if (!signature) return { status: 401, error: "missing signature" };
      if (
        !sameText(
          signature,
          createHmac("sha256", secret["secret-token"] ?? "")
            .update(body)
            .digest("hex"),
        )
      )
        return { status: 401, error: "unauthorized" };
      const payload = json(body);
      if (!payload) return invalidBody;
      if (payload["event_type"] !== "pushed" || payload["domain"] !== "docker")
        return { status: 501, error: "event type must be 'pushed' and domain must be 'docker'" };
      const data = (payload["data"] ?? {}) as Record<string, unknown>;
      if (data["image_type"] !== "docker" && data["image_type"] !== "oci")
        return { status: 501, error: `unsupported image type ${JSON.stringify(data["image_type"] ?? "")}` };
      let host: string;
      try {
        host = new URL(String(payload["jpd_origin"] ?? "")).host;
      } catch {
        return invalidBody;
      }
      const sections = String(data["path"] ?? "").split("/");
      if (sections.length < 2 || !host) return { status: 400, error: "invalid path" };
      const repoKey = text(config["virtualRepoName"]) ?? String(data["repo_key"] ?? "");
      return { status: 200, repositories: [{ kind: "image", url: [host, repoKey, ...sections.slice(0, -2)].join("/") }] };
    },
  },
  azure: {
    secretKeys: ["secret"],
    handle(headers, body) {
      const agent = header(headers, "user-agent") ?? "";
      const payload = json(body);
      if (agent.startsWith("AzureContainerRegistry")) {
        if (!payload) return invalidBody;
        if (payload["action"] === "ping") return { status: 200, repositories: [], message: "ping event received, webhook is configured correctly" };
        if (payload["action"] !== "push") return { status: 400, error: `event type ${String(payload["action"] ?? "")} is not supported` };
        const host = text(payload["request"]?.["host"]);
        const repository = text(payload["target"]?.["repository"]);
        return host && repository ? { status: 200, repositories: [{ kind: "image", url: `${host}/${repository}` }] } : invalidBody;
      }
      if (agent.startsWith("VSServices")) {
        if (!payload) return invalidBody;
        if (payload["eventType"] !== "git.push") return { status: 400, error: `event type ${String(payload["eventType"] ?? "")} is not supported` };
        const url = text(payload["resource"]?.["repository"]?.["remoteUrl"]);
        return url ? { status: 200, repositories: [{ kind: "git", url }] } : invalidBody;
      }
      return { status: 400, error: "request does not appear to have originated from a supported service" };
    },
  },
  harbor: {
    secretKeys: ["auth-header"],
    handle(headers, body, secret) {
      const authorization = header(headers, "authorization");
      if (!authorization) return { status: 401, error: "missing authorization" };
      if (!sameText(authorization, secret["auth-header"] ?? "")) return { status: 401, error: "unauthorized" };
      const payload = json(body);
      if (!payload) return invalidBody;
      if (payload["type"] !== "PUSH_ARTIFACT") return { status: 400, error: "unsupported event type" };
      const resources = payload["event_data"]?.["resources"];
      const reference = Array.isArray(resources) ? text(resources[0]?.["resource_url"]) : undefined;
      return reference ? { status: 200, repositories: [{ kind: "image", url: repositoryOf(reference) }] } : { status: 200, repositories: [] };
    },
  },
};
