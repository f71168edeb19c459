package io.kairos.streaming.consume;

/**
 * A partition this consumer now owns.
 *
 * @param partition the partition number
 * @param nextOffset where processing resumes (the offset stored in PostgreSQL, or the log start)
 * @param memo what the handler left in Kafka's commit metadata at or before that offset ({@code ""} if nothing)
 */
public record AssignedPartition(int partition, long nextOffset, String memo) {}
