package io.kairos.report.outcomes;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The intended traffic weight of each arm, as given by {@code --weights control=10,batch=45,realtime=45}; only the
 * ratios matter.
 *
 * @param weights positive weight per arm name, in the order given
 */
public record ArmWeights(Map<String, Double> weights) {

    public ArmWeights {
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    }

    /** Parses {@code arm=weight,...}; throws {@link IllegalArgumentException} with the reason when it cannot. */
    public static ArmWeights parse(String text) {
        Map<String, Double> weights = new LinkedHashMap<>();
        for (String entry : text.split(",", -1)) {
            int equals = entry.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException(
                        "'" + entry + "' is not arm=weight; write e.g. control=10,batch=45,realtime=45");
            }
            String arm = entry.substring(0, equals).strip();
            String weight = entry.substring(equals + 1).strip();
            if (arm.isEmpty()) {
                throw new IllegalArgumentException("'" + entry + "' has no arm name before '='");
            }
            BigDecimal value;
            try {
                value = new BigDecimal(weight);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the weight of arm '" + arm + "' is not a number: '" + weight + "'");
            }
            if (value.signum() <= 0 || Double.isInfinite(value.doubleValue())) {
                throw new IllegalArgumentException(
                        "the weight of arm '" + arm + "' must be a positive number, was " + weight);
            }
            if (weights.put(arm, value.doubleValue()) != null) {
                throw new IllegalArgumentException("arm '" + arm + "' is given two weights");
            }
        }
        return new ArmWeights(weights);
    }
}
