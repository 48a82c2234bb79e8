import { parse } from "yaml";
import type { Chart } from "../../../domain/types.js";
import { parseImageRepository } from "../../registry/image-repository.js";
import type { RegistryClient, RegistryCredentials } from "../../registry/registry-client.js";
import { RegistryError } from "../../registry/registry-error.js";
import { registryRequest, ResponseTooLargeError, retryAfterText } from "../../registry/registry-request.js";
import { selectSemverTags } from "./select-semver-tags.js";

/** A Warehouse `subscriptions[].chart` entry. */
export interface ChartSubscription {
  repoURL: string;
  name?: string;
  semverConstraint?: string;
  discoveryLimit?: number;
}

/** What discovery found for one chart subscription. */
export interface ChartDiscovery {
  /** `status.discoveredArtifacts.charts[]` entry. */
  artifacts: { repoURL: string; name?: string; semverConstraint?: string; versions: string[] };
  newest: Chart | undefined;
}

const DEFAULT_DISCOVERY_LIMIT = 20;
/** A classic repository's index lists every version of every chart; big ones are tens of MiB. */
const MAX_INDEX_BYTES = 64 << 20;
const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/u;

/**
 * Discovers chart versions as Kargo does: from a classic Helm repository's `index.yaml`
 * (`entries[name][].version`; `name` required) or, for `oci://` repository URLs, from the
 * registry's tags (Helm stores `+` of a version as `_` in a tag; `name` must be empty). Versions
 * are semantic versions satisfying `semverConstraint`, highest first, at most `discoveryLimit`
 * (default 20). `registryFor` gives the OCI client (credentials, cached tokens);
 * `credentials` are sent as Basic to an HTTP(S) repository — over plain HTTP only on loopback.
 */
export async function discoverChart(
  subscription: ChartSubscription,
  registryFor: () => RegistryClient,
  credentials: RegistryCredentials | undefined,
  signal?: AbortSignal,
): Promise<ChartDiscovery> {
  const { repoURL } = subscription;
  const limit = subscription.discoveryLimit && subscription.discoveryLimit > 0 ? subscription.discoveryLimit : DEFAULT_DISCOVERY_LIMIT;
  let versions: string[];
  if (repoURL.startsWith("oci://")) {
    if (subscription.name) throw new Error(`chart subscription ${repoURL}: an OCI repository holds one chart, so "name" must be empty`);
    parseImageRepository(repoURL);
    versions = (await registryFor().listTags(signal)).map((tag) => tag.replace(/_/gu, "+"));
  } else {
    if (!subscription.name) throw new Error(`chart subscription ${repoURL}: "name" is required for an HTTP(S) chart repository`);
    versions = await indexVersions(repoURL, subscription.name, credentials, signal);
  }
  const selected = selectSemverTags(versions, subscription.semverConstraint ?? "", false).slice(0, limit);
  return {
    artifacts: {
      repoURL,
      ...(subscription.name ? { name: subscription.name } : {}),
      ...(subscription.semverConstraint ? { semverConstraint: subscription.semverConstraint } : {}),
      versions: selected,
    },
    newest: selected[0] ? { repoURL, ...(subscription.name ? { name: subscription.name } : {}), version: selected[0] } : undefined,
  };
}

async function indexVersions(repoURL: string, name: string, credentials: RegistryCredentials | undefined, signal?: AbortSignal): Promise<string[]> {
  let url: URL;
  try {
    url = new URL(`${repoURL.replace(/\/+$/u, "")}/index.yaml`);
  } catch {
    throw new Error(`chart subscription ${repoURL}: not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new Error(`chart subscription ${repoURL}: only https://, http:// and oci:// repositories are supported`);
  const sendCredentials = credentials && (url.protocol === "https:" || LOOPBACK_HOST.test(url.hostname));
  let response;
  try {
    response = await registryRequest(url, {
      maxBytes: MAX_INDEX_BYTES,
      headers: sendCredentials ? { Authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}` } : {},
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    if (error instanceof ResponseTooLargeError) throw new RegistryError("InvalidResponse", error.message, { cause: error });
    throw new RegistryError("RegistryUnavailable", `chart repository ${url.origin} unreachable: ${(error as Error).message}`, { cause: error });
  }
  if (response.status === 401 || response.status === 403) {
    throw new RegistryError(
      "AuthenticationFailed",
      credentials
        ? `chart repository ${repoURL} rejected the stored credentials`
        : `chart repository ${repoURL} requires credentials and none are stored for it`,
    );
  }
  if (response.status === 404) throw new RegistryError("RepositoryNotFound", `chart repository ${repoURL} has no index.yaml (HTTP 404)`);
  if (response.status !== 200)
    throw new RegistryError(
      response.status === 429 || response.status >= 500 ? "RegistryUnavailable" : "InvalidResponse",
      `chart repository ${repoURL}: HTTP ${response.status}${retryAfterText(response)}`,
      { retryAfterMs: response.retryAfterMs },
    );
  let index: { entries?: Record<string, { version?: unknown }[]> };
  try {
    // yaml (already a dependency) rather than a hand-written reader: index.yaml is full YAML.
    index = parse(response.body.toString("utf8"), { maxAliasCount: 100 }) as typeof index;
  } catch (error) {
    throw new RegistryError("InvalidResponse", `chart repository ${repoURL}: index.yaml is not valid YAML: ${(error as Error).message}`);
  }
  const entries = index?.entries?.[name];
  if (!Array.isArray(entries)) throw new RegistryError("RepositoryNotFound", `chart repository ${repoURL} has no chart named "${name}"`);
  return entries.map((entry) => entry?.version).filter((version): version is string => typeof version === "string");
}
