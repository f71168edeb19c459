package io.kairos.simulator;

/**
 * How users respond to a message on one channel at zero delay and without fatigue.
 *
 * @param openRate probability that a delivered message is opened (seen, for push, SMS and in-app)
 * @param clickRate probability that a delivered message is clicked; a click implies an open, so at most the open rate
 */
public record ChannelResponse(double openRate, double clickRate) {}
