package io.kairos.domain.state;

/** One product in a cart: quantity, unit price and optional category. */
public record CartLine(String productId, int quantity, double unitPrice, String category) {

    /** Quantity times unit price. */
    public double value() {
        return quantity * unitPrice;
    }
}
