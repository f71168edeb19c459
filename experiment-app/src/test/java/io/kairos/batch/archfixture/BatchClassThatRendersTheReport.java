package io.kairos.batch.archfixture;

import io.kairos.report.TerminalSummary;

/** Test fixture: a batch class that renders the report, so the batch rule is shown to catch it. */
public class BatchClassThatRendersTheReport {

    private TerminalSummary summary;
}
