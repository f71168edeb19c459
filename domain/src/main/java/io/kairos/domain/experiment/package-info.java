/** Experiment assignment: arms with weights, the published bucket hash, and the sample-ratio-mismatch check. */
package io.kairos.domain.experiment;
