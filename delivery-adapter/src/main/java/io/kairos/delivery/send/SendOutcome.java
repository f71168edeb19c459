package io.kairos.delivery.send;

/** What one attempt to send a message came to. */
public sealed interface SendOutcome {

    /** The channel took it. */
    record Sent() implements SendOutcome {}

    /** It failed in a way another attempt may cure (5xx, 408, 429, a timeout, a lost connection). */
    record Retriable(String error) implements SendOutcome {}

    /** The receiver refused it for what it is (another 4xx): another attempt would be refused too. */
    record Refused(String error) implements SendOutcome {}
}
