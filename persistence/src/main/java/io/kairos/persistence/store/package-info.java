/**
 * The PostgreSQL adapters of the domain's outbound ports, and the pieces they share: the COPY encoding of the event
 * archive, its daily partitions, and the bulk statements the unit of work batches into one transaction.
 */
package io.kairos.persistence.store;
