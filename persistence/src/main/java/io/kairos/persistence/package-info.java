/** PostgreSQL adapter: schema migrations and the jOOQ-based implementations of the domain's outbound ports. */
package io.kairos.persistence;
