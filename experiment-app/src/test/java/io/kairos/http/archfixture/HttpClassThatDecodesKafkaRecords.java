package io.kairos.http.archfixture;

import io.kairos.streaming.wire.EventDecoder;

/** Test fixture: an HTTP class that decodes with the streaming adapter's wire format, so the HTTP rule is shown to catch it. */
public class HttpClassThatDecodesKafkaRecords {

    private EventDecoder decoder;
}
