/** The persistence benchmark: the project's write paths against raw COPY baselines measured in the same run. */
package io.kairos.persistence.bench;
