package io.kairos.domain.segment;

import java.util.Optional;

/** A comparison operator of the condition language. */
public enum Operator {
    EQ("=="),
    NE("!="),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">=");

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as written in a campaign file. */
    public String symbol() {
        return symbol;
    }

    /** Whether the operator only makes sense for ordered values (numbers, durations). */
    public boolean isOrdering() {
        return this != EQ && this != NE;
    }

    /** Applies the operator to two numbers; false when either is NaN (an absent value). */
    public boolean compare(double left, double right) {
        if (Double.isNaN(left) || Double.isNaN(right)) {
            return false;
        }
        return switch (this) {
            case EQ -> left == right;
            case NE -> left != right;
            case LT -> left < right;
            case LE -> left <= right;
            case GT -> left > right;
            case GE -> left >= right;
        };
    }

    /** The operator written as {@code symbol}, if any. */
    public static Optional<Operator> fromSymbol(String symbol) {
        for (Operator op : values()) {
            if (op.symbol.equals(symbol)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
