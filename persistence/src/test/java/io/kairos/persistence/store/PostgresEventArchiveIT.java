package io.kairos.persistence.store;

import static io.kairos.persistence.Samples.NOON;
import static io.kairos.persistence.Samples.pageView;
import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.event.UserEvent;
import io.kairos.domain.port.out.EventArchive;
import io.kairos.domain.port.out.UserEvents;
import io.kairos.domain.port.out.UserHashRange;
import io.kairos.persistence.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

/** The {@link EventArchive} contract against PostgreSQL, and how the PostgreSQL archive bounds a read's memory. */
class PostgresEventArchiveIT extends EventArchiveContract {

    private DSLContext db;

    @Override
    EventArchive emptyArchive() {
        db = TestDatabase.shared();
        TestDatabase.empty(db);
        return new PostgresEventArchive(db, EventPartitions.standard(db));
    }

    @Test
    void givenPeriodLargerThanTheMemoryBound_whenRead_thenItIsReadInSlicesWithTheSameResult() {
        Instant beforePostgresEpoch = Instant.parse("1999-12-31T23:59:59.999999Z");
        List<UserEvent> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            events.add(pageView("s" + i, "user-" + i % 100, NOON.plusSeconds(300 - i)));
        }
        events.add(pageView("old", "user-7", beforePostgresEpoch));
        PostgresEventArchive sliced = new PostgresEventArchive(db, EventPartitions.standard(db), 25);
        sliced.append(events);
        db.execute("analyze user_event");

        List<UserEvents> whole = new ArrayList<>();
        archive.readByUser(beforePostgresEpoch, NOON.plusSeconds(3600), whole::add);
        List<UserEvents> inSlices = new ArrayList<>();
        sliced.readByUser(beforePostgresEpoch, NOON.plusSeconds(3600), inSlices::add);

        assertThat(sliced.slices(beforePostgresEpoch, NOON.plusSeconds(3600), UserHashRange.ALL))
                .isGreaterThanOrEqualTo(10);
        assertThat(inSlices).isEqualTo(whole).hasSize(100);
        assertThat(inSlices).extracting(UserEvents::userId).isSortedAccordingTo(UserHashRange::compareUsers);
        assertThat(inSlices.stream().filter(user -> user.userId().equals("user-7")))
                .singleElement()
                .satisfies(user -> assertThat(user.events().get(0).occurredAt()).isEqualTo(beforePostgresEpoch))
                .satisfies(user -> assertThat(user.events()).hasSize(4));
    }

    @Test
    void givenOneUsersEventsInSeveralSessions_whenRead_thenEachKeepsItsOwnSession() {
        List<String> sessions = Arrays.asList("s-1", "s-1", null, "s-é", "s-é", "s-2", "s-1");
        List<UserEvent> events = new ArrayList<>();
        for (int i = 0; i < sessions.size(); i++) {
            UserEvent base = pageView("ses" + i, "user-s", NOON.plusSeconds(i));
            events.add(new UserEvent(
                    base.eventId(), base.userId(), base.occurredAt(), sessions.get(i), base.properties()));
        }
        archive.append(events);

        List<UserEvents> read = new ArrayList<>();
        archive.readByUser(NOON, NOON.plusSeconds(60), read::add);

        assertThat(read)
                .singleElement()
                .satisfies(user -> assertThat(user.events())
                        .extracting(UserEvent::sessionId)
                        .containsExactlyElementsOf(sessions));
    }
}
