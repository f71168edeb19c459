/** The commands of the {@code kairos} command line, each starting the Spring context it needs. */
package io.kairos.app.cli;
