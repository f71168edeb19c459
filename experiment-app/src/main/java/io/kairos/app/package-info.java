/** The Kairos application: Spring wiring, the command line, and the zero-setup embedded infrastructure. */
package io.kairos.app;
