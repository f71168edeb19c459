/**
 * Wires the HTTP adapter ({@code io.kairos.http}) into the context of {@code kairos serve}: the API, the dashboard's
 * pages, the report cache and the {@code kairos.serve.*} settings.
 */
package io.kairos.app.web;
