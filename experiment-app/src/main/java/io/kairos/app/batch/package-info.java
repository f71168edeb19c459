/** The nightly batch in the app: the job wired to the real ports, its PostgreSQL-backed timer snapshots, lock and scheduler. */
package io.kairos.app.batch;
