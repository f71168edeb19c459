package io.kairos.streaming.archfixture;

import io.kairos.http.ExperimentApi;

/** Test fixture: a streaming class that calls the HTTP adapter, so the streaming rule is shown to catch it. */
public class StreamingClassThatCallsTheApi {

    private ExperimentApi api;
}
