/** The event records the emulator stores and serves, in the raw snake_case wire shape. */

/** A JSON object as it appears on the wire. */
export type JsonObject = Readonly<Record<string, unknown>>;

/** One event exactly as `GET /events` returns it (field order as in the WorkOS docs). */
export type WorkosEvent = {
  readonly object: 'event';
  /** `event_` + 26-character ULID whose time part equals `created_at`. */
  readonly id: string;
  /** Event type name, e.g. `dsync.user.created`. */
  readonly event: string;
  /** Payload: the API object, snake_case. */
  readonly data: JsonObject;
  /** ISO-8601 with millisecond precision and `Z`. */
  readonly created_at: string;
  /** Free-form; absent on some events. */
  readonly context?: JsonObject;
};

/** What a test or the world generator hands to the store; the store assigns id and timestamp. */
export type EventInput = {
  readonly event: string;
  readonly data: JsonObject;
  /**
   * When the event happened (epoch ms, ISO string or Date). Default: the store's clock. Must not be
   * earlier than the last stored event, because ids have to sort in stream order.
   */
  readonly createdAt?: number | string | Date;
  /** Optional context; omitted from the wire when undefined. */
  readonly context?: JsonObject;
};
