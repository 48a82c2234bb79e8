import type { Image } from "../../../domain/types.js";
import { BoundedCache } from "../../registry/bounded-cache.js";
import { imageMetadata, parsePlatform, type ImageMetadata } from "../../registry/image-metadata.js";
import { parseImageRepository } from "../../registry/image-repository.js";
import type { RegistryClient } from "../../registry/registry-client.js";
import { selectSemverTags } from "./select-semver-tags.js";
import { tagFilter } from "./tag-filter.js";

/** A Warehouse `subscriptions[].image` entry (the fields discovery reads). */
export interface ImageSubscription {
  repoURL: string;
  imageSelectionStrategy?: "SemVer" | "Lexical" | "NewestBuild" | "Digest";
  constraint?: string;
  /** Deprecated spelling of `constraint`, still read when `constraint` is empty (as Kargo does). */
  semverConstraint?: string;
  strictSemvers?: boolean;
  allowTags?: string;
  ignoreTags?: string[];
  platform?: string;
  discoveryLimit?: number;
  insecureSkipTLSVerify?: boolean;
}

/** `status.discoveredArtifacts.images[]` entry. */
export interface ImageDiscoveryResult {
  repoURL: string;
  platform?: string;
  references: { tag: string; digest: string; createdAt?: string; annotations?: Record<string, string> }[];
}

/** What discovery found for one image subscription. */
export interface ImageDiscovery {
  artifacts: ImageDiscoveryResult;
  /** The selected image as a Freight `images[]` entry; undefined when nothing matched. */
  newest: Image | undefined;
}

/** Image metadata remembered across discoveries (bounded). */
export type ImageMetadataCache = BoundedCache<string, ImageMetadata | null>;

/** A cache for discoverImage; 50,000 entries of a few hundred bytes at most. */
export function createImageMetadataCache(maxEntries = 50_000): ImageMetadataCache {
  return new BoundedCache(maxEntries);
}

const DEFAULT_DISCOVERY_LIMIT = 20;
const VALID_TAG = /^[\w][\w.-]{0,127}$/u;
/** Metadata requests in flight at once for one subscription (NewestBuild reads every tag's). */
const METADATA_CONCURRENCY = 8;

/**
 * Discovers the images of an image subscription as Kargo does, over the OCI Distribution API:
 * every tag (paginated), filtered by `allowTags`/`ignoreTags`, then by strategy —
 * `SemVer` (default; `constraint`, `strictSemvers` default true) highest first, `Lexical`
 * greatest first, `NewestBuild` by the config's `created` newest first, `Digest` the image the
 * tag `constraint` names now — skipping images that lack the `platform`, up to `discoveryLimit`
 * (default 20). Metadata is cached by digest (immutable) and, except for `Digest`, by tag: tags
 * are taken as immutable, as Kargo advises, so refreshing an unchanged repository costs one tags
 * request.
 */
export async function discoverImage(
  client: RegistryClient,
  subscription: ImageSubscription,
  cache: ImageMetadataCache,
  signal?: AbortSignal,
): Promise<ImageDiscovery> {
  const repository = parseImageRepository(subscription.repoURL);
  const limit = subscription.discoveryLimit && subscription.discoveryLimit > 0 ? subscription.discoveryLimit : DEFAULT_DISCOVERY_LIMIT;
  const platform = subscription.platform ? parsePlatform(subscription.platform) : undefined;
  const strategy = subscription.imageSelectionStrategy || "SemVer";
  const constraint = subscription.constraint || subscription.semverConstraint || "";
  const scope = `${repository.canonical}|${subscription.platform ?? ""}`;

  const byDigest = async (digest: string): Promise<ImageMetadata | undefined> => {
    const key = `digest|${scope}|${digest}`;
    const cached = cache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const manifest = await client.getManifest(digest, signal);
    const found = await imageMetadata(client, manifest, platform, byDigest, signal);
    cache.set(key, found ?? null);
    return found;
  };
  const byTag = async (tag: string, mutable: boolean): Promise<ImageMetadata | undefined> => {
    const key = `tag|${scope}|${tag}`;
    if (!mutable) {
      const cached = cache.get(key);
      if (cached !== undefined) return cached ?? undefined;
    }
    const manifest = await client.getManifest(tag, signal);
    const digestKey = `digest|${scope}|${manifest.digest}`;
    let found = cache.get(digestKey);
    if (found === undefined) {
      found = (await imageMetadata(client, manifest, platform, byDigest, signal)) ?? null;
      cache.set(digestKey, found);
    }
    if (!mutable) cache.set(key, found);
    return found ?? undefined;
  };

  const toReference = (tag: string, image: ImageMetadata) => ({
    tag,
    digest: image.digest,
    ...(image.createdAt ? { createdAt: image.createdAt } : {}),
    ...(image.annotations ? { annotations: image.annotations } : {}),
  });
  let references: ImageDiscoveryResult["references"];

  if (strategy === "Digest") {
    if (!constraint) throw new Error(`image subscription ${subscription.repoURL}: the Digest strategy needs the tag to track in "constraint"`);
    const image = await byTag(constraint, true);
    references = image ? [toReference(constraint, image)] : [];
  } else {
    const allowed = tagFilter(subscription.allowTags, subscription.ignoreTags);
    let tags = (await client.listTags(signal)).filter((tag) => VALID_TAG.test(tag) && allowed(tag));
    if (strategy === "SemVer") tags = selectSemverTags(tags, constraint, subscription.strictSemvers !== false);
    else if (strategy === "Lexical") tags = tags.sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
    else if (strategy !== "NewestBuild") throw new Error(`image subscription ${subscription.repoURL}: unknown imageSelectionStrategy "${strategy}"`);

    if (strategy === "NewestBuild") {
      const all = await mapLimit(tags, METADATA_CONCURRENCY, async (tag) => ({ tag, image: await byTag(tag, false) }));
      references = all
        .filter((entry): entry is { tag: string; image: ImageMetadata } => entry.image !== undefined)
        .sort((a, b) => Date.parse(b.image.createdAt ?? "") - Date.parse(a.image.createdAt ?? "") || (a.tag < b.tag ? 1 : -1))
        .slice(0, limit)
        .map(({ tag, image }) => toReference(tag, image));
    } else {
      // Ordered already: read metadata in order until `limit` images support the platform.
      references = [];
      for (let start = 0; start < tags.length && references.length < limit; start += METADATA_CONCURRENCY) {
        const batch = await mapLimit(
          tags.slice(start, start + Math.min(METADATA_CONCURRENCY, limit - references.length)),
          METADATA_CONCURRENCY,
          async (tag) => ({ tag, image: await byTag(tag, false) }),
        );
        for (const { tag, image } of batch) if (image && references.length < limit) references.push(toReference(tag, image));
      }
    }
  }
  const first = references[0];
  return {
    artifacts: { repoURL: subscription.repoURL, ...(subscription.platform ? { platform: subscription.platform } : {}), references },
    newest: first
      ? { repoURL: subscription.repoURL, tag: first.tag, digest: first.digest, ...(first.annotations ? { annotations: first.annotations } : {}) }
      : undefined,
  };
}

/** Maps with at most `limit` calls in flight, keeping order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
