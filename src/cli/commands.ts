import type { Command } from "./command.js";
import { abort } from "./commands/abort.js";
import { alias } from "./commands/alias.js";
import { apply } from "./commands/apply.js";
import { approve } from "./commands/approve.js";
import { createCommand } from "./commands/create.js";
import { del } from "./commands/delete.js";
import { get } from "./commands/get.js";
import { login } from "./commands/login.js";
import { logout } from "./commands/logout.js";
import { promote } from "./commands/promote.js";
import { refresh } from "./commands/refresh.js";
import { serve } from "./commands/serve.js";
import { watch } from "./commands/watch.js";
import { whoami } from "./commands/whoami.js";

/** Every top-level command, in help order. */
export const COMMANDS: readonly Command[] = [serve, login, logout, whoami, get, watch, apply, del, promote, approve, alias, abort, refresh, createCommand];
