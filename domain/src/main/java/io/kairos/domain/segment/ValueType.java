package io.kairos.domain.segment;

/** The static type of a field or literal in a condition; {@link #ANY} is checked at evaluation time. */
public enum ValueType {
    NUMBER,
    STRING,
    BOOLEAN,
    DURATION,
    ANY
}
