/** Every item over all pages of a List RPC: calls `page` with each next_page_token until it is empty. */
export async function allPages<T>(page: (pageToken: string) => Promise<{ items: T[]; nextPageToken: string }>): Promise<T[]> {
  const all: T[] = [];
  let token = "";
  do {
    const { items, nextPageToken } = await page(token);
    all.push(...items);
    token = nextPageToken;
  } while (token !== "");
  return all;
}
