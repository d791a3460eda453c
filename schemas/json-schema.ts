/**
 * The JSON Schema dialect the record schemas are written in, and the ajv options every
 * validation of them uses. Draft-07, because the registry client (3.9.0) validates with ajv 7,
 * whose default meta-schema is draft-07.
 */

/** A JSON Schema document (draft-07), as a plain JSON-serialisable object. */
export type JsonSchemaDocument = Readonly<Record<string, unknown>>;

/** The `$schema` URI the record schemas declare. */
export const JSON_SCHEMA_DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

/**
 * ajv options for the registry client. Validation must never change a value: the decoded record
 * has to deep-equal the JSON WorkOS served. ajv 7 already defaults the three mutating options to
 * off; they are spelled out so nobody turns them on by accident.
 * - `strict: false`: schemas fetched by id may come from other tools with keywords ajv 7 does
 *   not know; strict mode would refuse to compile them and every such record would fail.
 * - `validateFormats: false`: bare ajv has no format implementations; ignore `format` quietly.
 * - `logger: false`: ajv would otherwise warn on the console, outside our pino stream.
 */
export const AJV_OPTIONS = Object.freeze({
  strict: false,
  allowUnionTypes: true,
  validateFormats: false,
  logger: false as const,
  allErrors: true,
  removeAdditional: false as const,
  useDefaults: false as const,
  coerceTypes: false as const,
});
