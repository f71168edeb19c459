/** Micrometer meters of the streaming adapter: throughput, lag, dead letters, late events, latencies. */
package io.kairos.streaming.metrics;
