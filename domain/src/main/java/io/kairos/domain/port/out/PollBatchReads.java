package io.kairos.domain.port.out;

import io.kairos.domain.decision.Timer;
import io.kairos.domain.state.UserState;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Outbound port: what the streaming adapter reads before processing a poll batch, for all of the batch's users at
 * once, so that reading costs a round trip per batch rather than per event (the counterpart of {@link
 * PollBatchWrites}).
 */
public interface PollBatchReads {

    /** The stored states of these users, by user id; users never seen are absent. */
    Map<String, UserState> states(Collection<String> userIds);

    /** The pending timers of these users, each user's by due time then key; users without timers are absent. */
    Map<String, List<Timer>> pendingTimers(Collection<String> userIds);
}
