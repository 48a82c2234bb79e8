import { Code, ConnectError } from "@connectrpc/connect";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, paginate } from "../../src/kube/paginate.js";

const items = Array.from({ length: 25 }, (_, i) => i);

function codeOf(run: () => unknown): Code | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof ConnectError ? error.code : undefined;
  }
}

describe("paginate", () => {
  describe("walking the pages with the tokens", () => {
    it("returns every item once, in order, and an empty token on the last page", () => {
      const seen: number[] = [];
      let token = "";
      let pages = 0;
      do {
        const { page, nextPageToken, totalSize } = paginate(items, { pageSize: 10, pageToken: token, query: "q" });
        expect(totalSize).toBe(25);
        seen.push(...page);
        token = nextPageToken;
        pages++;
      } while (token !== "");
      expect(pages).toBe(3);
      expect(seen).toEqual(items);
    });

    it("gives no token when everything fits, and an empty page for an empty list", () => {
      expect(paginate(items, { pageSize: 25, pageToken: "", query: "q" }).nextPageToken).toBe("");
      expect(paginate([], { pageSize: 0, pageToken: "", query: "q" })).toEqual({ page: [], nextPageToken: "", totalSize: 0 });
    });

    it("uses tokens that do not reveal the offset as plain text", () => {
      const { nextPageToken } = paginate(items, { pageSize: 10, pageToken: "", query: "q" });
      expect(nextPageToken).not.toBe("10");
      expect(nextPageToken).toMatch(/^[A-Za-z0-9_-]+$/);
    });
  });

  describe("page sizes", () => {
    const many = Array.from({ length: 5000 }, (_, i) => i);

    it("uses the default for 0", () => {
      expect(paginate(many, { pageSize: 0, pageToken: "", query: "" }).page).toHaveLength(DEFAULT_PAGE_SIZE);
    });

    it("reduces a size over the maximum to the maximum", () => {
      expect(paginate(many, { pageSize: 1_000_000, pageToken: "", query: "" }).page).toHaveLength(MAX_PAGE_SIZE);
    });

    it("refuses a negative size with INVALID_ARGUMENT", () => {
      expect(codeOf(() => paginate(items, { pageSize: -1, pageToken: "", query: "" }))).toBe(Code.InvalidArgument);
    });
  });

  describe("bad tokens", () => {
    it("refuses garbage with INVALID_ARGUMENT", () => {
      for (const token of ["garbage", "!!!", Buffer.from('{"o":-5,"q":"x"}').toString("base64url"), Buffer.from("[]").toString("base64url")]) {
        expect(codeOf(() => paginate(items, { pageSize: 10, pageToken: token, query: "q" }))).toBe(Code.InvalidArgument);
      }
    });

    it("refuses a token issued for another query with INVALID_ARGUMENT", () => {
      const { nextPageToken } = paginate(items, { pageSize: 10, pageToken: "", query: JSON.stringify({ project: "a" }) });
      expect(paginate(items, { pageSize: 10, pageToken: nextPageToken, query: JSON.stringify({ project: "a" }) }).page[0]).toBe(10);
      expect(codeOf(() => paginate(items, { pageSize: 10, pageToken: nextPageToken, query: JSON.stringify({ project: "b" }) }))).toBe(Code.InvalidArgument);
    });

    it("accepts a token with another page size (only the query must match)", () => {
      const { nextPageToken } = paginate(items, { pageSize: 10, pageToken: "", query: "q" });
      expect(paginate(items, { pageSize: 3, pageToken: nextPageToken, query: "q" }).page).toEqual([10, 11, 12]);
    });
  });
});
