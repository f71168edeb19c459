/**
 * Delivery of decided messages to people: what is to be sent on which channel and when, the states of a delivery,
 * the retry schedule, and the checks that hold at the moment of sending. The channels themselves are adapters.
 */
package io.kairos.domain.delivery;
