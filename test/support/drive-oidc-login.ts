/**
 * Plays the browser in an authorization-code flow against oidc-provider's dev interactions: GETs
 * `authorizeUrl` and follows redirects with a cookie jar, submits the login form (as `login`) and
 * the consent form, and stops at the first redirect to `redirectPrefix` — which it returns
 * without fetching (the caller decides whether to deliver it, as a browser would).
 */
export async function driveOidcLogin(authorizeUrl: string, login: string, redirectPrefix: string): Promise<URL> {
  const issuer = new URL(authorizeUrl).origin;
  const cookies = new Map<string, string>();
  const go = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as Record<string, string>), cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return response;
  };
  const next = (response: Response) => {
    const location = response.headers.get("location");
    if (!location) throw new Error(`the provider answered HTTP ${response.status} without a redirect`);
    return new URL(location, issuer).href;
  };
  let location = next(await go(authorizeUrl));
  for (let step = 0; step < 10 && !location.startsWith(redirectPrefix); step++) {
    if (location.includes("/interaction/")) {
      const html = await (await go(location)).text();
      const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1] ?? new URL(location).pathname;
      const body = prompt === "login" ? new URLSearchParams({ prompt, login, password: "any" }) : new URLSearchParams({ prompt: prompt ?? "consent" });
      location = next(await go(new URL(action, issuer).href, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } }));
    } else {
      location = next(await go(location));
    }
  }
  if (!location.startsWith(redirectPrefix)) throw new Error(`the login did not come back to ${redirectPrefix}: ${location}`);
  return new URL(location);
}
