import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadOrCreateSigningKey } from "../../../src/embedded/auth/signing-key.js";
import { API_AUDIENCE, createTokenAuthority, type TokenAuthority } from "../../../src/embedded/auth/token-authority.js";

const claims = { namespace: "demo", serviceAccount: { name: "robot", uid: "uid-1" }, audiences: [API_AUDIENCE] };

describe("createTokenAuthority", () => {
  let dir = "";
  let authority: TokenAuthority;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "token-authority-"));
    authority = createTokenAuthority(await loadOrCreateSigningKey(dir));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  describe("a token verified before (remembered)", () => {
    it("verifies again with the same claims", async () => {
      const token = await authority.issue(claims);
      const first = await authority.verify(token, [API_AUDIENCE]);
      expect(first).toMatchObject({ namespace: "demo", serviceAccount: { name: "robot" }, matchedAudiences: [API_AUDIENCE] });
      expect(await authority.verify(token, [API_AUDIENCE])).toEqual(first);
    });

    it("is still refused for an audience it was not issued for", async () => {
      const token = await authority.issue(claims);
      expect(await authority.verify(token, [API_AUDIENCE])).toBeDefined();
      expect(await authority.verify(token, ["https://elsewhere.example"])).toBeUndefined();
    });

    it("does not vouch for a copy with another signature", async () => {
      const token = await authority.issue(claims);
      expect(await authority.verify(token, [API_AUDIENCE])).toBeDefined();
      const last = token.at(-2) === "A" ? "B" : "A";
      const forged = `${token.slice(0, -2)}${last}${token.at(-1)}`;
      expect(await authority.verify(forged, [API_AUDIENCE])).toBeUndefined();
    });

    it("is refused once it has expired", async () => {
      const expiresAt = Math.ceil(Date.now() / 1000) + 1;
      const token = await authority.issue({ ...claims, expiresAt });
      expect(await authority.verify(token, [API_AUDIENCE])).toBeDefined();
      while (Date.now() / 1000 < expiresAt) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await authority.verify(token, [API_AUDIENCE])).toBeUndefined();
    });
  });
});
