/**
 * Wires the report module ({@code io.kairos.report}) into the application: its database readers over the context's
 * PostgreSQL and the {@code kairos.report.*} settings.
 */
package io.kairos.app.report;
