/**
 * Experiment assignment and analysis rules: arms with weights, the published bucket hash, the sample-ratio-mismatch
 * check, and the enrolment cut-off.
 */
package io.kairos.domain.experiment;
