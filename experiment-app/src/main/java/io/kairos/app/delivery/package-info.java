/**
 * The wiring of the delivery channels for {@code kairos serve}'s {@code delivery} role: settings ({@code
 * kairos.delivery.*}), the decisions feed, the webhook dispatcher, the in-app hub and its WebSocket endpoint.
 */
package io.kairos.app.delivery;
