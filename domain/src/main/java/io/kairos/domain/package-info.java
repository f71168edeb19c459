/** The framework-free core of Kairos: the rules that the batch and the real-time adapters both drive. */
package io.kairos.domain;
