/**
 * What {@code kairos serve} tells its operators: health for liveness and readiness (PostgreSQL, Kafka, the stream
 * consumers) and the platform's own gauges for Prometheus (outbox backlog, the last nightly run).
 */
package io.kairos.app.ops;
