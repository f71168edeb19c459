package io.kairos.domain.experiment;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One arm of an experiment: its name, relative weight, and the modes whose decisions it acts on (none for control).
 */
public record Arm(String name, int weight, Set<Mode> actsIn) {

    public Arm {
        Objects.requireNonNull(name, "name");
        if (weight < 1) {
            throw new IllegalArgumentException("arm " + name + " needs a positive weight");
        }
        actsIn = actsIn.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(actsIn));
    }

    /** Whether decisions of this mode are delivered to users of this arm (otherwise they are ghosts). */
    public boolean actsOn(Mode mode) {
        return actsIn.contains(mode);
    }
}
