package io.kairos.delivery.archfixture;

import io.kairos.streaming.wire.DecisionMessages;

/**
 * Test fixture: a delivery class that borrows the streaming adapter's decision encoder instead of reading the
 * documented format itself, so the delivery rule is shown to catch it.
 */
public class DeliveryClassThatEncodesDecisions {

    private DecisionMessages messages;
}
