/** Kafka adapter: the always-on real-time consumer, the event archiver and the decision publisher. */
package io.kairos.streaming;
