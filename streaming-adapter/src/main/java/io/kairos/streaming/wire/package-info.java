/**
 * The wire format of the activity topic: JSON events validated against versioned JSON Schemas, watermark records,
 * dead-letter reasons and headers, and the decision messages published to the decisions topic.
 */
package io.kairos.streaming.wire;
