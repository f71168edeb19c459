package io.kairos.batch;

import io.kairos.domain.decision.Decision;
import io.kairos.domain.decision.DecisionStatus;
import io.kairos.domain.decision.Timer;
import io.kairos.domain.event.UserEvent;
import io.kairos.domain.port.in.BatchRun;
import io.kairos.domain.port.in.DecisionEngine;
import io.kairos.domain.port.in.EngineResult;
import io.kairos.domain.port.out.BatchProfile;
import io.kairos.domain.port.out.OutboxMessage;
import io.kairos.domain.port.out.UserEvents;
import io.kairos.domain.port.out.inmemory.InMemoryTimerStore;
import io.kairos.domain.port.out.inmemory.InMemoryUserStateStore;
import io.kairos.domain.state.UserState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Runs one chunk of users through the rule engine and writes what it decided: the decisions (delivered for batch-arm
 * users, ghosts for the others, suppressed with their reason), an outbox message per delivered decision (published
 * by the same decision publisher as the real-time path's), the users' new profile snapshots and their pending timers,
 * all as of the run's cut-off and in the chunk's transaction.
 *
 * <p>The engine runs here rather than in an item processor so that the chunk's profiles and timers are loaded in one
 * round trip each. It starts from the newest snapshots at the start of the read window, never from the cut-off's
 * own, so processing a chunk again (a restart, a re-run) computes the same decisions and snapshots, and every write
 * is idempotent: decisions by id and mode, outbox messages by decision id, snapshots by user and cut-off.
 *
 * <p>Late data: when earlier runs are replayed, each user's events of those periods go through the engine first, as
 * those runs (their cut-off and send time) saw them plus whatever was archived since; the replay's decisions are
 * dropped (those runs recorded theirs; a late event triggers nothing, as in real time) and its state and timers are
 * where the run's own period starts. A user's timer snapshot is written whenever the user has timers pending now or
 * had some after the previous run, so that the newest snapshot always tells the truth.
 */
public class NightlyDecisionWriter implements ItemWriter<UserEvents> {

    private static final Logger LOG = LoggerFactory.getLogger(NightlyDecisionWriter.class);

    private final NightlyJobPorts ports;
    private final String experimentKey;
    private final BatchRun run;
    private final Instant snapshotsAt;
    private final Instant from;
    private final List<BatchRun> replay;
    private final NightlyProgress progress;
    private DecisionEngines.RunEngines engines;

    /** A writer for one run, from its parameters. */
    public NightlyDecisionWriter(NightlyJobPorts ports, NightlyJobParameters parameters, NightlyProgress progress) {
        this.ports = Objects.requireNonNull(ports, "ports");
        this.experimentKey = parameters.experimentKey();
        this.run = parameters.batchRun();
        this.snapshotsAt = parameters.replayStart();
        this.from = parameters.from();
        this.replay = parameters.replay();
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    @Override
    public void write(Chunk<? extends UserEvents> chunk) {
        List<String> users = new ArrayList<>(chunk.size());
        for (UserEvents user : chunk) {
            users.add(user.userId());
        }
        Instant cutoff = run.cutoff();
        Map<String, BatchProfile> profiles = ports.profiles().latest(experimentKey, users, snapshotsAt);
        Map<String, List<Timer>> pendingBefore = ports.timers().latest(experimentKey, users, snapshotsAt);
        Map<String, List<Timer>> pendingAtFrom =
                replay.isEmpty() ? pendingBefore : ports.timers().latest(experimentKey, users, from);
        InMemoryUserStateStore states = new InMemoryUserStateStore();
        profiles.values().forEach(profile -> states.save(profile.state()));
        InMemoryTimerStore timers = new InMemoryTimerStore();
        pendingBefore.values().forEach(list -> list.forEach(timers::schedule));
        if (engines == null) {
            engines = ports.engines().forRun(experimentKey);
        }
        DecisionEngine engine = engines.engineFor(states, timers);

        List<Decision> decisions = new ArrayList<>();
        long events = 0;
        long timersFired = 0;
        long late = 0;
        long withoutCampaign = 0;
        long replayed = 0;
        for (UserEvents user : chunk) {
            List<UserEvent> all = user.events();
            int next = 0;
            for (BatchRun earlier : replay) {
                int end = next;
                while (end < all.size() && all.get(end).occurredAt().isBefore(earlier.cutoff())) {
                    end++;
                }
                engine.onUserPeriod(user.userId(), all.subList(next, end), earlier);
                replayed += end - next;
                next = end;
            }
            EngineResult result = engine.onUserPeriod(user.userId(), all.subList(next, all.size()), run);
            decisions.addAll(result.decisions());
            events += all.size() - next;
            timersFired += result.timersFired();
            late += result.lateEvents();
            withoutCampaign += result.timersWithoutCampaign();
        }
        if (withoutCampaign > 0) {
            LOG.warn(
                    "{} timer(s) of cut-off {} decided nothing: their campaign is not in the campaign version in force"
                            + " at their due time",
                    withoutCampaign,
                    cutoff);
        }

        List<BatchProfile> snapshots = new ArrayList<>(users.size());
        Map<String, List<Timer>> pendingAfter = new LinkedHashMap<>();
        for (String userId : users) {
            UserState state = states.load(userId).orElseGet(() -> UserState.empty(userId));
            snapshots.add(new BatchProfile(experimentKey, cutoff, state));
            List<Timer> pending = timers.pendingFor(userId);
            if (!pending.isEmpty()
                    || !pendingAtFrom.getOrDefault(userId, List.of()).isEmpty()) {
                pendingAfter.put(userId, pending);
            }
        }
        List<OutboxMessage> deliveries = new ArrayList<>();
        for (Decision decision : decisions) {
            if (decision.status() == DecisionStatus.DELIVERED) {
                deliveries.add(ports.messages().messageFor(decision));
            }
        }
        ports.decisions().record(decisions);
        ports.outbox().enqueue(deliveries);
        ports.profiles().saveAll(snapshots);
        ports.timers().saveAll(experimentKey, cutoff, pendingAfter);

        long delivered = deliveries.size();
        long ghosts = decisions.stream()
                .filter(d -> d.status() == DecisionStatus.GHOST)
                .count();
        progress.add(
                users.size(),
                events,
                replayed,
                delivered,
                ghosts,
                decisions.size() - delivered - ghosts,
                timersFired,
                late);
    }
}
