/**
 * The HTTP event collector, {@code POST /api/v1/events}: the limits a request must keep (size, content type, rate) and
 * the answer, per event, of the {@link io.kairos.domain.port.in.EventCollector} behind it.
 */
package io.kairos.http.collect;
