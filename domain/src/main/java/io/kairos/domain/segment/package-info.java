/** Segments and the safe condition language (and/or/not, comparisons, window counts) that defines them. */
package io.kairos.domain.segment;
