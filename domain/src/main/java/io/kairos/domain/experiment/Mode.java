package io.kairos.domain.experiment;

/** How a decision was reached: by the nightly batch or by the real-time consumer. */
public enum Mode {
    BATCH,
    REALTIME
}
