/** The statistics of the experiment report: arm comparisons, confidence intervals and time-to-conversion curves. */
package io.kairos.domain.stats;
