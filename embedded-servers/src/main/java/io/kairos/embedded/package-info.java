/** Real PostgreSQL and Kafka servers started in-process, for the zero-setup default and for tests. */
package io.kairos.embedded;
