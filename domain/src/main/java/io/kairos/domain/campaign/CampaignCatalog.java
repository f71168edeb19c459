package io.kairos.domain.campaign;

import io.kairos.domain.segment.Condition;
import io.kairos.domain.segment.Field;
import io.kairos.domain.segment.Segment;
import io.kairos.domain.segment.SegmentCatalog;
import io.kairos.domain.segment.StateMetric;
import io.kairos.domain.state.Retention;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The validated set of segments and campaigns in force, indexed by the event types that concern them, with the
 * state retention they need.
 */
public final class CampaignCatalog {

    /** Most recent events a user's state keeps for window counts. */
    public static final int MAX_RECENT_EVENTS = 512;

    private static final Duration MIN_HISTORY = Duration.ofDays(35);

    private final SegmentCatalog segments;
    private final List<Campaign> campaigns;
    private final Map<String, Campaign> byId = new LinkedHashMap<>();
    private final Map<String, List<Campaign>> byTriggerEvent = new HashMap<>();
    private final Map<String, List<Campaign>> byAbsenceStart = new HashMap<>();
    private final Map<String, List<Campaign>> byAbsenceCancel = new HashMap<>();
    private final List<Campaign> bySegmentEntry = new ArrayList<>();
    private final Retention retention;

    /**
     * A catalog of segments and campaigns; throws {@link InvalidCampaignDefinition} listing every problem found by
     * {@link #validate}.
     */
    public CampaignCatalog(List<Segment> segments, List<Campaign> campaigns) {
        List<DefinitionProblem> problems = validate(segments, campaigns);
        if (!problems.isEmpty()) {
            throw new InvalidCampaignDefinition(problems);
        }
        this.segments = new SegmentCatalog(segments);
        this.campaigns = List.copyOf(campaigns);
        for (Campaign campaign : campaigns) {
            byId.put(campaign.id(), campaign);
            Trigger trigger = campaign.trigger();
            if (trigger instanceof Trigger.OnEvent onEvent) {
                byTriggerEvent
                        .computeIfAbsent(onEvent.eventType(), t -> new ArrayList<>())
                        .add(campaign);
            } else if (trigger instanceof Trigger.AfterAbsence absence) {
                byAbsenceStart
                        .computeIfAbsent(absence.startType(), t -> new ArrayList<>())
                        .add(campaign);
                for (String cancel : absence.cancelTypes()) {
                    byAbsenceCancel
                            .computeIfAbsent(cancel, t -> new ArrayList<>())
                            .add(campaign);
                }
            } else {
                bySegmentEntry.add(campaign);
            }
        }
        this.retention = deriveRetention(segments, campaigns);
    }

    /**
     * Every problem in a set of definitions: duplicate names, unknown or cyclic segments, absence triggers that
     * cancel themselves or have no window. Line numbers are 0; a file loader fills them in.
     */
    public static List<DefinitionProblem> validate(List<Segment> segments, List<Campaign> campaigns) {
        List<DefinitionProblem> problems = new ArrayList<>();
        Set<String> segmentNames = new HashSet<>();
        for (Segment segment : segments) {
            if (!segmentNames.add(segment.name())) {
                problems.add(new DefinitionProblem(0, "segment " + segment.name(), "name", "defined twice"));
            }
        }
        if (problems.isEmpty()) {
            for (Segment segment : segments) {
                for (String ref : SegmentCatalog.referencedSegments(segment.condition())) {
                    if (!segmentNames.contains(ref)) {
                        problems.add(new DefinitionProblem(
                                0, "segment " + segment.name(), "when", "unknown segment " + ref));
                    }
                }
            }
            if (problems.isEmpty()) {
                try {
                    new SegmentCatalog(segments);
                } catch (IllegalArgumentException e) {
                    problems.add(new DefinitionProblem(0, "segments", "when", e.getMessage()));
                }
            }
        }
        Set<String> campaignIds = new HashSet<>();
        for (Campaign campaign : campaigns) {
            String where = "campaign " + campaign.id();
            if (!campaignIds.add(campaign.id())) {
                problems.add(new DefinitionProblem(0, where, "name", "defined twice"));
            }
            Trigger trigger = campaign.trigger();
            if (trigger instanceof Trigger.OnSegmentEntry entry && !segmentNames.contains(entry.segment())) {
                problems.add(new DefinitionProblem(0, where, "trigger", "unknown segment " + entry.segment()));
            }
            if (trigger instanceof Trigger.AfterAbsence absence) {
                if (absence.cancelTypes().isEmpty()) {
                    problems.add(
                            new DefinitionProblem(0, where, "trigger", "an absence needs at least one event type"));
                }
                if (absence.cancelTypes().contains(absence.startType())) {
                    problems.add(new DefinitionProblem(
                            0, where, "trigger", absence.startType() + " cannot both start and cancel the timer"));
                }
                if (absence.within().isNegative() || absence.within().isZero()) {
                    problems.add(new DefinitionProblem(0, where, "trigger", "the absence window must be positive"));
                }
            }
            for (String ref : SegmentCatalog.referencedSegments(campaign.audience())) {
                if (!segmentNames.contains(ref)) {
                    problems.add(new DefinitionProblem(0, where, "audience", "unknown segment " + ref));
                }
            }
            Set<String> guardNames = new HashSet<>();
            for (Guard guard : campaign.guards()) {
                if (!guardNames.add(guard.name())) {
                    problems.add(new DefinitionProblem(0, where, "guards." + guard.name(), "given twice"));
                }
            }
        }
        return problems;
    }

    /** The segments. */
    public SegmentCatalog segments() {
        return segments;
    }

    /** All campaigns, in definition order. */
    public List<Campaign> campaigns() {
        return campaigns;
    }

    /** The campaign with this id, if any. */
    public Optional<Campaign> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Campaigns triggered by events of a type. */
    public List<Campaign> triggeredBy(String eventType) {
        return byTriggerEvent.getOrDefault(eventType, Collections.emptyList());
    }

    /** Campaigns whose absence timer an event of this type starts (or re-arms). */
    public List<Campaign> absenceStartedBy(String eventType) {
        return byAbsenceStart.getOrDefault(eventType, Collections.emptyList());
    }

    /** Campaigns whose absence timer an event of this type cancels. */
    public List<Campaign> absenceCancelledBy(String eventType) {
        return byAbsenceCancel.getOrDefault(eventType, Collections.emptyList());
    }

    /** Campaigns triggered by entering a segment. */
    public List<Campaign> triggeredBySegmentEntry() {
        return bySegmentEntry;
    }

    /** How much history user state must keep for these definitions. */
    public Retention retention() {
        return retention;
    }

    private static Retention deriveRetention(List<Segment> segments, List<Campaign> campaigns) {
        HistoryNeeds needs = new HistoryNeeds();
        for (Segment segment : segments) {
            needs.visit(segment.condition());
        }
        for (Campaign campaign : campaigns) {
            needs.visit(campaign.audience());
            if (campaign.trigger() instanceof Trigger.OnEvent onEvent) {
                needs.visit(onEvent.where());
            } else if (campaign.trigger() instanceof Trigger.AfterAbsence absence) {
                needs.visit(absence.startWhere());
            }
            for (Guard guard : campaign.guards()) {
                if (guard instanceof Guard.Cooldown cooldown) {
                    needs.messages = max(needs.messages, cooldown.period());
                }
            }
            for (MessageTemplate.Part part : campaign.message().parts()) {
                if (part instanceof MessageTemplate.Part.Variable variable) {
                    needs.field(variable.field());
                }
            }
        }
        return new Retention(
                needs.purchases, needs.messages, needs.events, needs.events.isEmpty() ? 0 : MAX_RECENT_EVENTS);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Accumulates the longest windows conditions read. */
    private static final class HistoryNeeds {
        Duration purchases = MIN_HISTORY;
        Duration messages = MIN_HISTORY;
        final Map<String, Duration> events = new HashMap<>();

        void visit(Condition condition) {
            if (condition instanceof Condition.All all) {
                all.parts().forEach(this::visit);
            } else if (condition instanceof Condition.Any any) {
                any.parts().forEach(this::visit);
            } else if (condition instanceof Condition.Not not) {
                visit(not.part());
            } else if (condition instanceof Condition.CountWithin count) {
                events.merge(count.eventType(), count.window(), CampaignCatalog::max);
                visit(count.filter());
            } else if (condition instanceof Condition.Compare compare) {
                field(compare.field());
            }
        }

        void field(Field field) {
            if (field instanceof Field.StateField state && state.window() != null) {
                if (state.metric() == StateMetric.MESSAGES) {
                    messages = max(messages, state.window());
                } else {
                    purchases = max(purchases, state.window());
                }
            }
        }
    }
}
