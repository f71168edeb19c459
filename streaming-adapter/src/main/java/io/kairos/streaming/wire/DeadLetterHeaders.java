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

    private DeadLetterHeaders() {}
}
