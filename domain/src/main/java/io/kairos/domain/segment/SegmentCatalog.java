package io.kairos.domain.segment;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The segments in force, by name; membership is evaluated on demand against state only. */
public final class SegmentCatalog {

    /** No segments. */
    public static final SegmentCatalog EMPTY = new SegmentCatalog(List.of());

    private final Map<String, Segment> byName = new LinkedHashMap<>();

    /**
     * A catalog of segments with distinct names, whose {@code in_segment} references name existing segments and form
     * no cycle.
     */
    public SegmentCatalog(List<Segment> segments) {
        for (Segment segment : segments) {
            if (byName.putIfAbsent(segment.name(), segment) != null) {
                throw new IllegalArgumentException("duplicate segment " + segment.name());
            }
        }
        for (Segment segment : segments) {
            checkReferences(segment.name(), new ArrayDeque<>());
        }
    }

    private void checkReferences(String name, Deque<String> path) {
        if (path.contains(name)) {
            path.addLast(name);
            throw new IllegalArgumentException("segments refer to each other in a cycle: " + String.join(" -> ", path));
        }
        Segment segment = byName.get(name);
        if (segment == null) {
            throw new IllegalArgumentException("unknown segment " + name + " referenced by " + path.peekLast());
        }
        path.addLast(name);
        for (String referenced : referencedSegments(segment.condition())) {
            checkReferences(referenced, path);
        }
        path.removeLast();
    }

    /** The segment names a condition refers to through {@code in_segment}, at any depth. */
    public static Set<String> referencedSegments(Condition condition) {
        Set<String> names = new HashSet<>();
        collect(condition, names);
        return names;
    }

    private static void collect(Condition condition, Set<String> names) {
        if (condition instanceof Condition.All all) {
            all.parts().forEach(part -> collect(part, names));
        } else if (condition instanceof Condition.Any any) {
            any.parts().forEach(part -> collect(part, names));
        } else if (condition instanceof Condition.Not not) {
            collect(not.part(), names);
        } else if (condition instanceof Condition.CountWithin count) {
            collect(count.filter(), names);
        } else if (condition instanceof Condition.InSegment in) {
            names.add(in.segment());
        }
    }

    /** The segment with this name, if any. */
    public Optional<Segment> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** All segments, in definition order. */
    public Collection<Segment> all() {
        return byName.values();
    }

    /**
     * Whether the context's user is in the named segment; the event in focus is hidden, since segments are over
     * state only. An unknown segment has no members.
     */
    public boolean isMember(String name, EvaluationContext context) {
        Segment segment = byName.get(name);
        return segment != null && segment.condition().test(context.event() == null ? context : context.withEvent(null));
    }
}
