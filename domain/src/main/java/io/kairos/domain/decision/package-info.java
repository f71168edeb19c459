/** Decisions: what the rules decided for one user, campaign and trigger, with deterministic ids; and timers. */
package io.kairos.domain.decision;
