/** User state: the deterministic fold of one user's events that every rule reads. */
package io.kairos.domain.state;
