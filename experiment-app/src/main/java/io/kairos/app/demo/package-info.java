/**
 * The full path: the simulator driving the real adapters — Kafka, the real-time consumer, the archiver, the nightly
 * Spring Batch job and PostgreSQL — and the {@code demo} and {@code simulate} runs built on it.
 */
package io.kairos.app.demo;
