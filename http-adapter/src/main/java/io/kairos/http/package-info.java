/**
 * The HTTP adapter of {@code kairos serve}: the JSON API over the report and the pages of the dashboard (Spring MVC
 * controllers, with the dashboard's static files under {@code dashboard/} on the classpath).
 */
package io.kairos.http;
