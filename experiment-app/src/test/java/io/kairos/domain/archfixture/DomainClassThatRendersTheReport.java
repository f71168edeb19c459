package io.kairos.domain.archfixture;

import io.kairos.report.TerminalSummary;

/** Test fixture: a domain class that reaches into the report module, so the domain rule is shown to catch it. */
public class DomainClassThatRendersTheReport {

    private TerminalSummary summary;
}
