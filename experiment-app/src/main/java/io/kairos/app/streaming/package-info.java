/** Wiring of the streaming adapter to PostgreSQL and the domain: the always-on pipeline behind {@code kairos stream}. */
package io.kairos.app.streaming;
