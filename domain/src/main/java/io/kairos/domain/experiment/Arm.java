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

    /**
     * The arm whose name gives its modes, as stored experiments name them: {@code batch} acts in batch mode,
     * {@code realtime} in real time, any other name (control, a holdout) in none.
     */
    public static Arm named(String name, int weight) {
        return new Arm(name, weight, modesOfName(name));
    }

    /** The modes an arm of this name acts in, by {@link #named}'s convention. */
    public static Set<Mode> modesOfName(String name) {
        return switch (name) {
            case "batch" -> Set.of(Mode.BATCH);
            case "realtime" -> Set.of(Mode.REALTIME);
            default -> Set.of();
        };
    }

    /** Whether decisions of this mode are delivered to users of this arm (otherwise they are ghosts). */
    public boolean actsOn(Mode mode) {
        return actsIn.contains(mode);
    }
}
