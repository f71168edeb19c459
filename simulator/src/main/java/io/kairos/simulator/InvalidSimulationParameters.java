package io.kairos.simulator;

import java.util.List;

/** Thrown when simulation parameters are out of range; lists every problem, one per parameter. */
public final class InvalidSimulationParameters extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** An error listing {@code problems}, each naming the parameter, the rule and the rejected value. */
    public InvalidSimulationParameters(List<String> problems) {
        super("invalid simulation parameters: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems, in parameter order. */
    public List<String> problems() {
        return problems;
    }
}
