import { UsageError } from "../../cli-errors.js";
import type { Command } from "../../command.js";
import { DEFAULT_SERVER } from "../../default-server.js";
import { formatValue } from "../../format-messages.js";
import { formatTable } from "../../print-table.js";

const NAME = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,62}$/;

function oneName(positionals: readonly string[], what: string): string {
  const [name, ...extra] = positionals;
  if (!name || extra.length > 0) throw new UsageError(`${what} needs exactly one NAME`);
  if (!NAME.test(name)) throw new UsageError(`a context name is 1-63 letters, digits or . _ : @ -, got "${name}"`);
  return name;
}

/** `config view`: what the next command would use, and where each value comes from. */
export const viewConfig: Command = {
  name: "view",
  summary: "show the server, project and context in use",
  usage: "kargo-api config view [-o table|json|yaml]",
  async run(context) {
    const file = await context.store.read();
    const server = await context.server();
    const project = (await context.optionalProject()) ?? "";
    const value = {
      server,
      project,
      context: file.currentContext ?? "",
      loggedIn: server in file.servers,
      configFile: context.store.path,
      servers: Object.keys(file.servers).sort(),
    };
    if (context.output !== "table") {
      context.io.stdout.write(formatValue(value, context.output));
      return;
    }
    context.print(`server:      ${server}${server === DEFAULT_SERVER && !file.current && !file.currentContext ? " (default)" : ""}`);
    context.print(`project:     ${project || "(none)"}`);
    context.print(`context:     ${file.currentContext ?? "(none)"}`);
    context.print(`logged in:   ${value.loggedIn ? "yes" : "no (kargo-api login)"}`);
    context.print(`config file: ${context.store.path}`);
    if (value.servers.length > 0) context.print(`servers with credentials: ${value.servers.join(", ")}`);
  },
};

/** `config get-contexts`. */
export const getContexts: Command = {
  name: "get-contexts",
  summary: "list the contexts",
  usage: "kargo-api config get-contexts [-o table|json|yaml]",
  async run(context) {
    const file = await context.store.read();
    const contexts = file.contexts ?? {};
    if (context.output !== "table") {
      context.io.stdout.write(
        formatValue(
          Object.entries(contexts).map(([name, c]) => ({ name, current: name === file.currentContext, ...c })),
          context.output,
        ),
      );
      return;
    }
    const names = Object.keys(contexts).sort();
    if (names.length === 0) {
      context.io.stderr.write("no contexts (kargo-api config set-context NAME --server URL)\n");
      return;
    }
    formatTable(
      ["CURRENT", "NAME", "SERVER", "PROJECT", "LOGGED IN"],
      names.map((n) => [
        n === file.currentContext ? "*" : "",
        n,
        contexts[n]!.server,
        contexts[n]!.project ?? "",
        contexts[n]!.server in file.servers ? "yes" : "no",
      ]),
    ).forEach((l) => context.print(l));
  },
};

/** `config current-context`. */
export const currentContext: Command = {
  name: "current-context",
  summary: "print the name of the context in use",
  usage: "kargo-api config current-context",
  async run(context) {
    const name = (await context.store.read()).currentContext;
    if (!name) throw new UsageError("no context is in use (kargo-api config use-context NAME)");
    context.print(name);
  },
};

/** `config set-context NAME`: creates or changes a context. */
export const setContext: Command = {
  name: "set-context",
  summary: "create or change a context (a server and a project)",
  usage: `kargo-api config set-context NAME [--server URL] [--project P]

Creates the context, or changes the given fields of an existing one. A new context without --server
gets the server in use now. Log in to its server once (kargo-api login --context NAME …).`,
  async run(context, { positionals, values }) {
    const name = oneName(positionals, "config set-context");
    // --server and --project are the global options: given, they are what context.server() resolves to.
    const server = values["server"] ? await context.server() : undefined;
    const project = values["project"] as string | undefined;
    const fallback = server ?? (await context.server());
    let created = false;
    await context.store.updateContexts((file) => {
      const previous = file.contexts[name];
      created = previous === undefined;
      const next = { server: server ?? previous?.server ?? fallback, project: project ?? previous?.project };
      file.contexts[name] = next.project ? next : { server: next.server };
    });
    context.print(`context ${name} ${created ? "created" : "changed"}`);
  },
};

/** `config use-context NAME`. */
export const useContext: Command = {
  name: "use-context",
  summary: "use a context's server and project from now on",
  usage: "kargo-api config use-context NAME",
  async run(context, { positionals }) {
    const name = oneName(positionals, "config use-context");
    let entry;
    await context.store.updateContexts((file) => {
      entry = file.contexts[name];
      if (!entry) throw new UsageError(`no context named "${name}" (kargo-api config get-contexts lists them)`);
      file.currentContext = name;
    });
    const { server, project } = entry as unknown as { server: string; project?: string };
    context.print(`using context ${name}: ${server}${project ? `, project ${project}` : ""}`);
  },
};

/** `config delete-context NAME`. */
export const deleteContext: Command = {
  name: "delete-context",
  summary: "delete a context (its server's credentials stay; kargo-api logout removes them)",
  usage: "kargo-api config delete-context NAME",
  async run(context, { positionals }) {
    const name = oneName(positionals, "config delete-context");
    await context.store.updateContexts((file) => {
      if (!file.contexts[name]) throw new UsageError(`no context named "${name}"`);
      delete file.contexts[name];
      if (file.currentContext === name) delete file.currentContext;
    });
    context.print(`context ${name} deleted`);
  },
};
