package io.kairos.report.archfixture;

import io.kairos.http.ExperimentApi;

/** Test fixture: a report class that depends on the HTTP adapter serving it, so the report rule is shown to catch it. */
public class ReportClassThatCallsTheApi {

    private ExperimentApi api;
}
