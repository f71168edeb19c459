/**
 * The delivery channels, outside the domain: {@code feed} reads the decisions topic into the delivery log, {@code
 * send} claims due deliveries and sends them through a channel, {@code webhook} is the signed HTTP channel for
 * email, SMS and push providers, {@code inapp} holds the browsers connected over WebSocket.
 */
package io.kairos.delivery;
