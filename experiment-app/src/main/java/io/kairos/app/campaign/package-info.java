/** The campaign versions a running process decides under: loaded from the database, refreshed while it runs. */
package io.kairos.app.campaign;
