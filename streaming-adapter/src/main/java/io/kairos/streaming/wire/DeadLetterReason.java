package io.kairos.streaming.wire;

import java.util.Locale;

/** Why a record was sent to the dead-letter topic; the wire name goes into the {@code kairos-dlq-reason} header. */
public enum DeadLetterReason {
    /** The value is larger than the configured limit. */
    OVERSIZED,
    /** The value is not valid UTF-8. */
    INVALID_UTF8,
    /** The value is empty or not a single JSON document. */
    NOT_JSON,
    /** The type is neither a known event type nor a valid custom type name. */
    UNKNOWN_EVENT_TYPE,
    /** The declared schema version has no schema in this deployment (typically a producer that is ahead). */
    UNKNOWN_SCHEMA_VERSION,
    /** The JSON does not match the schema of its type and version. */
    SCHEMA_VIOLATION,
    /** The event matches its schema but the domain rejects it (absurd time, bad currency, bad ids, ...). */
    INVALID_EVENT,
    /** The record key is not the event's user id (a null key included). */
    KEY_MISMATCH,
    /** The record is not on the partition its key hashes to, so another consumer would own its timers. */
    PARTITION_MISMATCH,
    /**
     * A watermark record that is refused: not admitted here, unsigned or wrongly signed where a signature is needed,
     * or its time is unreadable or further from the wall clock than an event's may be.
     */
    INVALID_WATERMARK,
    /** An event with this id was already processed. */
    DUPLICATE_EVENT,
    /**
     * The record passed validation, yet processing it failed, alone, with an error no retry cures (a value storage
     * refuses, a fault in the rules); the detail names the error. The records around it are processed as usual.
     */
    PROCESSING_FAILED;

    /** The header value, e.g. {@code schema-violation}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
