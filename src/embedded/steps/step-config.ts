import { StepFailure } from "./step-types.js";

/** Reads typed fields of a step config, failing (StepFailure) with the step and field named. */
export class StepConfig {
  constructor(
    private readonly step: string,
    readonly raw: Record<string, unknown>,
  ) {}

  /** A required non-empty string. */
  string(field: string): string {
    const value = this.optionalString(field);
    if (value === undefined || value === "") throw new StepFailure(`step "${this.step}": config.${this.where(field)} is required`);
    return value;
  }

  /** An optional string (numbers are accepted and converted, as a YAML tag `1.29` would parse to one). */
  optionalString(field: string): string | undefined {
    const value = this.raw[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    if (typeof value !== "string") throw new StepFailure(`step "${this.step}": config.${this.where(field)} must be a string`);
    return value;
  }

  /** An optional boolean. */
  boolean(field: string): boolean {
    const value = this.raw[field];
    if (value === undefined || value === null) return false;
    if (typeof value !== "boolean") throw new StepFailure(`step "${this.step}": config.${this.where(field)} must be a boolean`);
    return value;
  }

  /** A list of objects (each read with its own StepConfig); `required` when it must have items. */
  list(field: string, required = false): StepConfig[] {
    const value = this.raw[field];
    if (value === undefined || value === null) {
      if (required) throw new StepFailure(`step "${this.step}": config.${this.where(field)} is required`);
      return [];
    }
    if (!Array.isArray(value) || value.some((item) => item === null || typeof item !== "object" || Array.isArray(item))) {
      throw new StepFailure(`step "${this.step}": config.${this.where(field)} must be a list of objects`);
    }
    if (required && value.length === 0) throw new StepFailure(`step "${this.step}": config.${this.where(field)} must not be empty`);
    return value.map((item: Record<string, unknown>, index) => new StepConfig(this.step, item).at(`${this.where(field)}[${index}]`));
  }

  private prefix = "";

  /** A copy whose messages name fields under `path` (e.g. `checkout[1].branch`). */
  at(path: string): StepConfig {
    const child = new StepConfig(this.step, this.raw);
    child.prefix = path;
    return child;
  }

  private where(field: string): string {
    return this.prefix ? `${this.prefix}.${field}` : field;
  }

  /** Fails this step with a message (prefixed with the step name). */
  fail(message: string): never {
    throw this.error(message);
  }

  /** The StepFailure `fail` throws, for `throw config.error(…)` where TypeScript must see the throw. */
  error(message: string): StepFailure {
    return new StepFailure(`step "${this.step}": ${this.prefix ? `config.${this.prefix}: ` : ""}${message}`);
  }
}
