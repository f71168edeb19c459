/**
 * The HTTP collector's side in the streaming adapter: {@link io.kairos.streaming.collect.KafkaEventCollector} checks
 * posted events with the consumer's own decoder and produces the valid ones to the activity topic.
 */
package io.kairos.streaming.collect;
