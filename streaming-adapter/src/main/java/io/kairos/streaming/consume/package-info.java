/**
 * The poll loop both consumers share: one Kafka consumer per thread, offsets stored in PostgreSQL with the batch's
 * writes and sought on assignment, dead letters, and failures classified as fatal, fenced or retriable.
 */
package io.kairos.streaming.consume;
