/**
 * The Kafka client properties of the stream's consumers and producers: what the operator configured, with what
 * exactly-once needs on top, and a refusal of any setting that contradicts it.
 */
package io.kairos.streaming.client;
