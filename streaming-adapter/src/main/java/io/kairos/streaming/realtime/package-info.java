/**
 * The real-time consumer: drives the decision engine per event, advances per-partition event-time watermarks, fires
 * the owned partitions' timers, and hands each poll batch's net writes to one PostgreSQL transaction.
 */
package io.kairos.streaming.realtime;
