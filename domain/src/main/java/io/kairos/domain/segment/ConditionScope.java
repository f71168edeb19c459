package io.kairos.domain.segment;

import io.kairos.domain.event.KnownEventType;
import io.kairos.domain.event.PropertyType;
import java.util.Map;

/**
 * Which fields a condition may read: state only (segments), or state and an event whose properties are known (a
 * known event type), dynamic (a custom type, or any type), or absent.
 *
 * @param eventFields whether {@code event.*} fields are allowed
 * @param eventType the event type in focus, or null when it can be of any type
 * @param eventProperties the properties of a known type, or null when property names are checked at run time
 */
public record ConditionScope(boolean eventFields, String eventType, Map<String, PropertyType> eventProperties) {

    /** State fields only. */
    public static final ConditionScope STATE_ONLY = new ConditionScope(false, null, null);

    /** State fields and the fields of an event of any type. */
    public static final ConditionScope ANY_EVENT = new ConditionScope(true, null, null);

    /** State fields and the fields of an event of the given type. */
    public static ConditionScope forEventType(String type) {
        return new ConditionScope(
                true,
                type,
                KnownEventType.fromWireName(type)
                        .map(KnownEventType::properties)
                        .orElse(null));
    }
}
