package io.kairos.domain.state;

import java.time.Instant;

/** A purchase kept in state for rolling-window spend and conversion checks. */
public record PurchaseMark(String orderId, Instant at, double revenue, String currency) {}
