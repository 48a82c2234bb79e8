import type { Command } from "./command.js";
import { abort } from "./commands/abort.js";
import { alias } from "./commands/alias.js";
import { apply } from "./commands/apply.js";
import { approve } from "./commands/approve.js";
import { completion } from "./commands/completion.js";
import { config } from "./commands/config.js";
import { createCommand } from "./commands/create.js";
import { del } from "./commands/delete.js";
import { get } from "./commands/get.js";
import { login } from "./commands/login.js";
import { logout } from "./commands/logout.js";
import { promote } from "./commands/promote.js";
import { grant } from "./commands/grant.js";
import { init } from "./commands/init.js";
import { refresh } from "./commands/refresh.js";
import { revoke } from "./commands/revoke.js";
import { serve } from "./commands/serve.js";
import { update } from "./commands/update.js";
import { watch } from "./commands/watch.js";
import { whoami } from "./commands/whoami.js";

/** Every top-level command, in help order. */
export const COMMANDS: readonly Command[] = [
  serve,
  init,
  login,
  logout,
  whoami,
  get,
  watch,
  apply,
  del,
  promote,
  approve,
  alias,
  abort,
  refresh,
  createCommand,
  update,
  grant,
  revoke,
  config,
  completion,
];
