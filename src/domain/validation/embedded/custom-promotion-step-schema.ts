import { invalid } from "../field-error.js";
import { arr, int, obj, str } from "../schema.js";

/** Where a custom step's output is read from (docs/custom-promotion-steps.md). */
export const OUTPUT_SOURCES = ["Pipe", "Stdout", "Stderr", "File"] as const;
/** How a captured output is parsed. */
export const OUTPUT_FORMATS = ["KeyValue", "JSON", "YAML", "Text"] as const;

const output = obj(
  {
    name: str({ minLength: 1, maxLength: 253 }),
    source: str({ enum: OUTPUT_SOURCES }),
    path: str({ minLength: 1 }),
    format: str({ enum: OUTPUT_FORMATS }),
    transform: str(),
  },
  {
    required: ["source", "format"],
    rules: [
      (value, path) => [
        ...(value["source"] === "File" && typeof value["path"] !== "string"
          ? [invalid(`${path}.path`, value["path"], "a File output needs the path of the file, relative to the work directory")]
          : []),
        ...(value["format"] === "Text" && typeof value["name"] !== "string"
          ? [invalid(`${path}.name`, value["name"], "a Text output needs a name (the output key the text is stored under)")]
          : []),
      ],
    ],
  },
);

/**
 * CustomPromotionStep (embedded.kargo.akuity.io/v1alpha1, cluster-scoped): Kargo documents no
 * schema for it, so its shape is this server's (docs/custom-promotion-steps.md): `command` (argv),
 * `env`, `outputs`, `defaultTimeout`, `errorThreshold`.
 */
export const CUSTOM_PROMOTION_STEP_SCHEMA = obj(
  {
    spec: obj(
      {
        command: arr(str({ maxLength: 65536 }), { minItems: 1, maxItems: 256 }),
        env: arr(
          obj(
            {
              name: str({ minLength: 1, pattern: /^[A-Za-z_][A-Za-z0-9_]*$/u, patternHint: "an environment variable name (letters, digits, _)" }),
              value: str({ maxLength: 65536 }),
            },
            { required: ["name"] },
          ),
          { maxItems: 256 },
        ),
        outputs: arr(output, { maxItems: 64 }),
        defaultTimeout: str({ format: "go-duration" }),
        errorThreshold: int({ format: "int32", minimum: 1 }),
      },
      { required: ["command"] },
    ),
  },
  { required: ["spec"] },
);
