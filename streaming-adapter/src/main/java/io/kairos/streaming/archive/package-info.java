/** The event archiver: a consumer group of its own that lands every valid event in the PostgreSQL archive. */
package io.kairos.streaming.archive;
