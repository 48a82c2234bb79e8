import type { Command } from "../command.js";

/** `kargo-api logout`: forgets the stored credentials of the server. */
export const logout: Command = {
  name: "logout",
  summary: "forget the stored credentials of the server",
  usage: "kargo-api logout [--server URL]\n\nRemoves the server's entry from <config dir>/credentials.json (tokens are not revoked).",
  async run(context) {
    const server = await context.server();
    const had = await context.store.remove(server);
    context.print(had ? `logged out of ${server}` : `not logged in to ${server}`);
  },
};
