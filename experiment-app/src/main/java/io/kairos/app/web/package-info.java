/** The web layer of {@code kairos serve}: the JSON API over the report and the pages of the dashboard. */
package io.kairos.app.web;
