package io.kairos.domain.state;

import java.util.ArrayList;
import java.util.List;

/** The user's current cart, lines in the order products were first added. */
public record Cart(List<CartLine> lines) {

    /** The empty cart. */
    public static final Cart EMPTY = new Cart(List.of());

    public Cart {
        lines = List.copyOf(lines);
    }

    /** Sum of line values. */
    public double value() {
        double total = 0;
        for (CartLine line : lines) {
            total += line.value();
        }
        return total;
    }

    /** Sum of quantities. */
    public int items() {
        int total = 0;
        for (CartLine line : lines) {
            total += line.quantity();
        }
        return total;
    }

    /** This cart with {@code quantity} more of a product; the latest unit price and category win. */
    public Cart add(String productId, int quantity, double unitPrice, String category) {
        List<CartLine> next = new ArrayList<>(lines.size() + 1);
        boolean found = false;
        for (CartLine line : lines) {
            if (line.productId().equals(productId)) {
                next.add(new CartLine(productId, line.quantity() + quantity, unitPrice, category));
                found = true;
            } else {
                next.add(line);
            }
        }
        if (!found) {
            next.add(new CartLine(productId, quantity, unitPrice, category));
        }
        return new Cart(next);
    }

    /** This cart with {@code quantity} fewer of a product; a line that reaches zero disappears. */
    public Cart remove(String productId, int quantity) {
        List<CartLine> next = new ArrayList<>(lines.size());
        for (CartLine line : lines) {
            if (!line.productId().equals(productId)) {
                next.add(line);
            } else if (line.quantity() > quantity) {
                next.add(new CartLine(productId, line.quantity() - quantity, line.unitPrice(), line.category()));
            }
        }
        return new Cart(next);
    }
}
