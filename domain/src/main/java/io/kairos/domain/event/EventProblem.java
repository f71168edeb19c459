package io.kairos.domain.event;

/** One reason an event was rejected: the offending field and why, e.g. {@code properties.revenue}. */
public record EventProblem(String field, String reason) {

    @Override
    public String toString() {
        return field + ": " + reason;
    }
}
