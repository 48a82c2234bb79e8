import { WhoAmIResponseSchema } from "../../../gen/kargo/api/v1/auth_service_pb.js";
import type { Command } from "../command.js";
import { formatValue, messageJson } from "../format-messages.js";

/** `kargo-api whoami`: the caller as the server sees it (AuthService.WhoAmI). */
export const whoami: Command = {
  name: "whoami",
  summary: "show who the server thinks you are",
  usage:
    "kargo-api whoami [-o table|json|yaml]\n\nAuthService.WhoAmI: name, how you signed in, the actor recorded for you, groups, mapped ServiceAccounts, token expiry.",
  async run(context) {
    const me = await (await context.client()).auth.whoAmI({});
    if (context.output !== "table") {
      context.io.stdout.write(formatValue(messageJson(WhoAmIResponseSchema, me), context.output));
      return;
    }
    context.print(`username:         ${me.username || me.subject}`);
    context.print(`auth method:      ${me.authMethod}`);
    context.print(`actor:            ${me.actor}`);
    context.print(`admin:            ${me.admin}`);
    if (me.email) context.print(`email:            ${me.email}`);
    if (me.groups.length > 0) context.print(`groups:           ${me.groups.join(", ")}`);
    if (me.serviceAccounts.length > 0) context.print(`service accounts: ${me.serviceAccounts.map((s) => `${s.namespace}/${s.name}`).join(", ")}`);
    if (me.expireTime) context.print(`expires:          ${new Date(Number(me.expireTime.seconds) * 1000).toISOString()}`);
  },
};
