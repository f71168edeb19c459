/** The one seam through which integration tests get a real PostgreSQL and a real Kafka broker. */
package io.kairos.testsupport;
