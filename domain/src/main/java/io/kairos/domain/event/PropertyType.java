package io.kairos.domain.event;

/** The value type of an event property as conditions and templates see it. */
public enum PropertyType {
    STRING,
    NUMBER,
    BOOLEAN
}
