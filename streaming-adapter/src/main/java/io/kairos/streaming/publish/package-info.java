/** The decision publisher: relays the PostgreSQL outbox to the decisions topic with an idempotent producer. */
package io.kairos.streaming.publish;
