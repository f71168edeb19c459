package io.kairos.domain.decision.engine;

import io.kairos.domain.campaign.Campaign;
import io.kairos.domain.campaign.CampaignCatalog;
import io.kairos.domain.campaign.CampaignTimeline;
import io.kairos.domain.campaign.CampaignVersion;
import io.kairos.domain.campaign.Guard;
import io.kairos.domain.campaign.GuardContext;
import io.kairos.domain.campaign.GuardVerdict;
import io.kairos.domain.campaign.RenderedMessage;
import io.kairos.domain.campaign.Trigger;
import io.kairos.domain.decision.Decision;
import io.kairos.domain.decision.DecisionId;
import io.kairos.domain.decision.Suppression;
import io.kairos.domain.decision.Timer;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.experiment.ArmAssignment;
import io.kairos.domain.experiment.DecisionWindow;
import io.kairos.domain.experiment.Experiment;
import io.kairos.domain.experiment.ExperimentInForce;
import io.kairos.domain.experiment.Mode;
import io.kairos.domain.port.in.BatchRun;
import io.kairos.domain.port.in.DecisionEngine;
import io.kairos.domain.port.in.EngineResult;
import io.kairos.domain.port.out.TimerStore;
import io.kairos.domain.port.out.UserStateStore;
import io.kairos.domain.segment.EvaluationContext;
import io.kairos.domain.segment.SegmentCatalog;
import io.kairos.domain.state.MessageMark;
import io.kairos.domain.state.Retention;
import io.kairos.domain.state.UserState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The rule engine: folds each event into user state, fires absence timers, finds campaigns whose trigger and
 * audience match (candidates), and turns candidates into decisions through the experiment and the guards.
 *
 * <p>Candidates depend only on the events and timers, never on the mode, so both modes find the same triggers and
 * derive the same decision ids. The modes differ only in when guards judge a candidate: real time judges it at once,
 * with delivery at the decision's event time; batch judges all of a user's candidates after the whole period, as of
 * the cut-off, with delivery at the send time. Not thread-safe: use one engine per partition or worker.
 *
 * <p>The campaigns come from a {@link CampaignTimeline}: every event is handled, and every absence timer fired, under
 * the version in force at its event time (the event's time, the timer's due time), in both modes, so a change of
 * version takes effect at one instant of event time whichever mode computes the decision. Each decision records the
 * version it was made under. A timer whose campaign is absent from the version in force at its due time decides
 * nothing and is counted in {@link EngineResult#timersWithoutCampaign()}. State keeps the widest retention of all versions.
 */
public final class CampaignEngine implements DecisionEngine {

    private static final Comparator<UserEvent> BY_TIME = Comparator.comparing(UserEvent::occurredAt);
    private static final int MAX_MEMOISED_ASSIGNMENTS = 1_000_000;

    private final Supplier<CampaignTimeline> timelines;
    private final Supplier<ExperimentInForce> inForce;
    private Experiment experiment;
    private final EngineSettings settings;
    private final UserStateStore states;
    private final TimerStore timers;
    private final Map<String, ArmAssignment> assignments = new HashMap<>();

    /** An engine over one catalog (version 0 for all time) and an experiment deciding at every instant. */
    public CampaignEngine(
            CampaignCatalog catalog,
            Experiment experiment,
            EngineSettings settings,
            UserStateStore states,
            TimerStore timers) {
        this(
                constant(CampaignTimeline.only(catalog)),
                constant(ExperimentInForce.always(experiment)),
                settings,
                states,
                timers);
    }

    /** An engine over a timeline of campaign versions and an experiment deciding at every instant. */
    public CampaignEngine(
            CampaignTimeline timeline,
            Experiment experiment,
            EngineSettings settings,
            UserStateStore states,
            TimerStore timers) {
        this(constant(timeline), constant(ExperimentInForce.always(experiment)), settings, states, timers);
    }

    /**
     * An engine over a timeline that may grow while it runs (a version published meanwhile) and an experiment whose
     * definition and {@link DecisionWindow} may change while it runs (a draft redefined, a start, a stop): each port
     * call reads the current timeline once and handles everything of that call under it; each candidate is judged by
     * the experiment in force then. The experiment's key must not change.
     */
    public CampaignEngine(
            Supplier<CampaignTimeline> timelines,
            Supplier<ExperimentInForce> experiment,
            EngineSettings settings,
            UserStateStore states,
            TimerStore timers) {
        this.timelines = Objects.requireNonNull(timelines, "timelines");
        this.inForce = Objects.requireNonNull(experiment, "experiment");
        this.experiment = experiment.get().experiment();
        this.settings = Objects.requireNonNull(settings, "settings");
        this.states = Objects.requireNonNull(states, "states");
        this.timers = Objects.requireNonNull(timers, "timers");
    }

    private static Supplier<CampaignTimeline> constant(CampaignTimeline timeline) {
        Objects.requireNonNull(timeline, "timeline");
        return () -> timeline;
    }

    private static Supplier<ExperimentInForce> constant(ExperimentInForce value) {
        return () -> value;
    }

    @Override
    public EngineResult onEvent(UserEvent event) {
        Run run = new Run(Mode.REALTIME, null, timelines.get());
        UserState state = load(event.userId());
        state = step(state, event, run);
        states.save(state);
        return run.result();
    }

    @Override
    public EngineResult onWatermark(Instant watermark) {
        Run run = new Run(Mode.REALTIME, null, timelines.get());
        fireAll(timers.dueBefore(watermark.minus(settings.grace())), run);
        return run.result();
    }

    @Override
    public EngineResult onUserPeriod(String userId, List<UserEvent> events, BatchRun batch) {
        Run run = new Run(Mode.BATCH, batch, timelines.get());
        List<UserEvent> ordered = new ArrayList<>(events);
        ordered.sort(BY_TIME);
        for (UserEvent event : ordered) {
            if (!event.userId().equals(userId)) {
                throw new IllegalArgumentException("event " + event.eventId() + " belongs to " + event.userId());
            }
            if (!event.occurredAt().isBefore(batch.cutoff())) {
                throw new IllegalArgumentException("event " + event.eventId() + " is not before the cut-off");
            }
        }
        UserState state = load(userId);
        for (UserEvent event : ordered) {
            state = step(state, event, run);
        }
        state = fireDueBefore(state, batch.cutoff(), run);
        state = judgePending(state, run);
        states.save(state);
        return run.result();
    }

    @Override
    public EngineResult onCutoff(BatchRun batch) {
        Run run = new Run(Mode.BATCH, batch, timelines.get());
        fireAll(timers.dueBefore(batch.cutoff()), run);
        return run.result();
    }

    private void fireAll(List<Timer> due, Run run) {
        Map<String, List<Timer>> byUser = new LinkedHashMap<>();
        for (Timer timer : due) {
            byUser.computeIfAbsent(timer.userId(), u -> new ArrayList<>()).add(timer);
        }
        for (Map.Entry<String, List<Timer>> entry : byUser.entrySet()) {
            UserState state = load(entry.getKey());
            for (Timer timer : entry.getValue()) {
                state = fire(state, timer, run);
            }
            state = judgePending(state, run);
            states.save(state);
        }
    }

    private UserState load(String userId) {
        return states.load(userId).orElseGet(() -> UserState.empty(userId));
    }

    /** One event: fire earlier timers, fold, then cancel, start and trigger. */
    private UserState step(UserState state, UserEvent event, Run run) {
        Instant at = event.occurredAt();
        if (state.isLate(at)) {
            run.lateEvents++;
            return state.apply(event, run.retention);
        }
        state = fireDueBefore(state, at, run);
        UserState before = state;
        state = state.apply(event, run.retention);
        String type = event.type();
        String userId = event.userId();
        CampaignVersion version = run.timeline.inForceAt(at);
        CampaignCatalog catalog = version.catalog();
        SegmentCatalog segments = catalog.segments();
        for (Campaign campaign : catalog.absenceCancelledBy(type)) {
            timers.cancel(userId, Timer.absenceKey(campaign.id()));
        }
        List<Campaign> absenceStarts = catalog.absenceStartedBy(type);
        List<Campaign> eventTriggered = catalog.triggeredBy(type);
        List<Campaign> segmentEntries = catalog.triggeredBySegmentEntry();
        if (absenceStarts.isEmpty() && eventTriggered.isEmpty() && segmentEntries.isEmpty()) {
            return state;
        }
        EvaluationContext context = new EvaluationContext(state, event, at, segments);
        for (Campaign campaign : absenceStarts) {
            Trigger.AfterAbsence absence = (Trigger.AfterAbsence) campaign.trigger();
            if (absence.startWhere().test(context)) {
                timers.schedule(new Timer(
                        userId, campaign.id(), Timer.absenceKey(campaign.id()), at.plus(absence.within()), event));
            }
        }
        for (Campaign campaign : eventTriggered) {
            Trigger.OnEvent onEvent = (Trigger.OnEvent) campaign.trigger();
            if (onEvent.where().test(context) && campaign.audience().test(context)) {
                state = candidate(state, version, campaign, event, at, context, run);
            }
        }
        if (!segmentEntries.isEmpty()) {
            EvaluationContext previous = new EvaluationContext(before, null, at, segments);
            EvaluationContext current = new EvaluationContext(state, null, at, segments);
            for (Campaign campaign : segmentEntries) {
                String segment = ((Trigger.OnSegmentEntry) campaign.trigger()).segment();
                if (segments.isMember(segment, current)
                        && !segments.isMember(segment, previous)
                        && campaign.audience().test(context)) {
                    state = candidate(state, version, campaign, event, at, context, run);
                }
            }
        }
        return state;
    }

    private UserState fireDueBefore(UserState state, Instant limit, Run run) {
        List<Timer> pending = timers.pendingFor(state.userId());
        for (Timer timer : pending) {
            if (timer.dueAt().isBefore(limit)) {
                state = fire(state, timer, run);
            }
        }
        return state;
    }

    private UserState fire(UserState state, Timer timer, Run run) {
        timers.cancel(timer.userId(), timer.key());
        run.timersFired++;
        state = state.withTimerFired(timer.dueAt());
        CampaignVersion version = run.timeline.inForceAt(timer.dueAt());
        Campaign campaign = version.catalog().find(timer.campaignId()).orElse(null);
        if (campaign == null) {
            // the campaign is not in the version in force at the due time: nothing left to decide, counted
            run.timersWithoutCampaign++;
            return state;
        }
        EvaluationContext context = new EvaluationContext(
                state, timer.startEvent(), timer.dueAt(), version.catalog().segments());
        if (!campaign.audience().test(context)) {
            return state;
        }
        return candidate(state, version, campaign, timer.startEvent(), timer.dueAt(), context, run);
    }

    /** A campaign matched: render now (state as of the decision), judge now (real time) or after the period. */
    private UserState candidate(
            UserState state,
            CampaignVersion version,
            Campaign campaign,
            UserEvent trigger,
            Instant decidedAt,
            EvaluationContext context,
            Run run) {
        ExperimentInForce now = inForce.get();
        if (now.experiment() != experiment) {
            if (!now.experiment().key().equals(experiment.key())) {
                throw new IllegalStateException("the experiment in force changed its key from " + experiment.key()
                        + " to " + now.experiment().key());
            }
            if (!now.experiment().equals(experiment)) {
                assignments.clear(); // a draft redefined: its arms or salt may have changed
            }
            experiment = now.experiment();
        }
        if (!experiment.enrols(state.userId()) || !now.window().covers(decidedAt)) {
            // not in the experiment (another experiment's share of its layer), or outside its run: nothing to decide
            return state;
        }
        Candidate candidate = new Candidate(
                version.number(),
                campaign,
                trigger,
                decidedAt,
                campaign.message().render(campaign.id(), context));
        if (run.mode == Mode.REALTIME) {
            return judge(state, candidate, decidedAt, run);
        }
        run.pending.add(candidate);
        return state;
    }

    private UserState judgePending(UserState state, Run run) {
        for (Candidate candidate : run.pending) {
            Instant planned =
                    run.batch.sendAt().isAfter(candidate.decidedAt) ? run.batch.sendAt() : candidate.decidedAt;
            state = judge(state, candidate, planned, run);
        }
        run.pending.clear();
        return state;
    }

    /** Applies the experiment and the guards; records non-suppressed messages (ghosts included) in the ledger. */
    private UserState judge(UserState state, Candidate candidate, Instant planned, Run run) {
        Campaign campaign = candidate.campaign;
        String userId = state.userId();
        ArmAssignment assignment = assignmentOf(userId);
        boolean ghost = !assignment.arm().actsOn(run.mode);
        UUID id = DecisionId.of(experiment.key(), campaign.id(), userId, candidate.trigger.eventId());
        RenderedMessage message = candidate.message;
        Suppression suppression = null;
        Instant heldUntil = null;
        if (message.payloadBytes() > RenderedMessage.MAX_PAYLOAD_BYTES) {
            suppression = new Suppression(
                    "payload",
                    "rendered payload of " + message.payloadBytes() + " bytes exceeds "
                            + RenderedMessage.MAX_PAYLOAD_BYTES);
        } else {
            GuardContext context = new GuardContext(
                    state,
                    campaign.id(),
                    message.channel(),
                    candidate.trigger.occurredAt(),
                    planned,
                    state.zoneOr(settings.defaultZone()));
            for (Guard guard : campaign.guards()) {
                GuardVerdict verdict = guard.check(context);
                if (verdict instanceof GuardVerdict.Reject reject) {
                    suppression = new Suppression(reject.guard(), reject.reason());
                    break;
                }
                if (verdict instanceof GuardVerdict.Defer defer) {
                    heldUntil = defer.until();
                    context = context.deliveringAt(defer.until());
                }
            }
            planned = context.deliverAt();
        }
        if (suppression == null) {
            state = state.withMessage(
                    new MessageMark(id.toString(), campaign.id(), message.channel(), planned), run.retention);
        }
        run.decisions.add(new Decision(
                id,
                experiment.key(),
                campaign.id(),
                userId,
                assignment.arm().name(),
                run.mode,
                candidate.trigger.eventId(),
                candidate.trigger.occurredAt(),
                candidate.decidedAt,
                suppression == null ? planned : null,
                suppression == null && !ghost ? planned : null,
                suppression == null ? heldUntil : null,
                message.channel(),
                message.body(),
                message.offer(),
                suppression,
                ghost,
                candidate.version));
        return state;
    }

    /** The user's arm; assignment is a pure function, memoised because hashing costs more than a lookup. */
    private ArmAssignment assignmentOf(String userId) {
        ArmAssignment assignment = assignments.get(userId);
        if (assignment == null) {
            if (assignments.size() >= MAX_MEMOISED_ASSIGNMENTS) {
                assignments.clear();
            }
            assignment = experiment.assign(userId);
            assignments.put(userId, assignment);
        }
        return assignment;
    }

    /** A campaign that matched a trigger, waiting for (or getting) its guards' judgement. */
    private record Candidate(
            int version, Campaign campaign, UserEvent trigger, Instant decidedAt, RenderedMessage message) {}

    /** The bookkeeping of one port call. */
    private static final class Run {
        final Mode mode;
        final BatchRun batch;
        final CampaignTimeline timeline;
        final Retention retention;
        final List<Decision> decisions = new ArrayList<>();
        final List<Candidate> pending = new ArrayList<>();
        int timersFired;
        int lateEvents;
        int timersWithoutCampaign;

        Run(Mode mode, BatchRun batch, CampaignTimeline timeline) {
            this.mode = mode;
            this.batch = batch;
            this.timeline = Objects.requireNonNull(timeline, "timeline");
            this.retention = timeline.retention();
        }

        EngineResult result() {
            return decisions.isEmpty() && timersFired == 0 && lateEvents == 0
                    ? EngineResult.NOTHING
                    : new EngineResult(decisions, timersFired, lateEvents, timersWithoutCampaign);
        }
    }
}
