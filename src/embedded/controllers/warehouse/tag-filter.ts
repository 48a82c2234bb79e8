/**
 * The `allowTags` (a regular expression) and `ignoreTags` (exact names) filter of Git and image
 * subscriptions. An invalid `allowTags` throws, so the Warehouse reports it instead of ignoring it.
 */
export function tagFilter(allowTags: string | undefined, ignoreTags: readonly string[] | undefined): (tag: string) => boolean {
  let allow: RegExp | undefined;
  try {
    allow = allowTags ? new RegExp(allowTags, "u") : undefined;
  } catch (error) {
    throw new Error(`invalid allowTags "${allowTags}": ${(error as Error).message}`);
  }
  const ignore = new Set(ignoreTags ?? []);
  return (tag) => (!allow || allow.test(tag)) && !ignore.has(tag);
}
