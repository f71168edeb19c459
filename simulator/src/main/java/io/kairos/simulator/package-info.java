/**
 * The closed-loop simulator: a documented behaviour model of a synthetic population, virtual time advanced in
 * windows, a driver port the platform implements (in process here, over Kafka and PostgreSQL later) and per-arm
 * outcomes. See {@code docs/simulation.md}.
 */
package io.kairos.simulator;
