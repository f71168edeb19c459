/**
 * The commands of the {@code kairos} command line; those that need servers start the Spring context they need,
 * {@code stats} starts none.
 */
package io.kairos.app.cli;
