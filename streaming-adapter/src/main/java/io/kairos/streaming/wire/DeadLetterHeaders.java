package io.kairos.streaming.wire;

/** Names of the headers a dead-lettered record carries besides its original key, value and headers. */
public final class DeadLetterHeaders {

    /** The {@link DeadLetterReason} wire name. */
    public static final String REASON = "kairos-dlq-reason";
    /** A human-readable explanation (every schema or domain problem found), at most 2000 characters. */
    public static final String DETAIL = "kairos-dlq-detail";
    /** The topic the record came from. */
    public static final String SOURCE_TOPIC = "kairos-dlq-source-topic";
    /** The partition the record came from. */
    public static final String SOURCE_PARTITION = "kairos-dlq-source-partition";
    /** The offset of the record in its source partition: with the partition, the record's identity. */
    public static final String SOURCE_OFFSET = "kairos-dlq-source-offset";
    /** The declared schema version, or {@code unknown} when it could not be read. */
    public static final String SCHEMA_VERSION = "kairos-dlq-schema-version";
    /** The consumer group that rejected the record. */
    public static final String CONSUMER_GROUP = "kairos-dlq-consumer-group";
    /** Wall-clock time of the rejection (ISO-8601). */
    public static final String REJECTED_AT = "kairos-dlq-rejected-at";

    /**
     * Present when the dead letter does not carry the whole original value: {@code prefix} (the value is its first
     * bytes) or {@code reference} (no value; the source topic, partition and offset locate the original while the
     * topic retains it).
     */
    public static final String VALUE_TRUNCATED = "kairos-dlq-value-truncated";
    /** With {@link #VALUE_TRUNCATED}: the original value's length in bytes. */
    public static final String VALUE_BYTES = "kairos-dlq-value-bytes";
    /** With {@link #VALUE_TRUNCATED}: the lower-case hex SHA-256 of the original value. */
    public static final String VALUE_SHA256 = "kairos-dlq-value-sha256";
    /** Present when the original key was too long to carry: the lower-case hex SHA-256 of that key. */
    public static final String KEY_SHA256 = "kairos-dlq-key-sha256";
    /** Present when the original headers were too large to carry: how many there were. */
    public static final String SOURCE_HEADERS_DROPPED = "kairos-dlq-source-headers-dropped";

    private DeadLetterHeaders() {}
}
