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

    private static final Instant BEFORE_POSTGRES_EPOCH = Instant.parse("1999-12-31T23:59:59.999999Z");

    private DSLContext db;

    @Override
    EventArchive emptyArchive() {
        db = TestDatabase.shared();
        TestDatabase.empty(db);
        return new PostgresEventArchive(db, EventPartitions.standard(db));
    }

    @Test
    void givenAnalysedPeriodLargerThanTheMemoryBound_whenRead_thenItIsReadInSlicesWithTheSameResult() {
        List<UserEvent> events = threeHundredEventsOfAHundredUsers();
        events.add(pageView("old", "user-7", BEFORE_POSTGRES_EPOCH));
        List<long[]> slices = new ArrayList<>();
        PostgresEventArchive sliced = new PostgresEventArchive(
                db, EventPartitions.standard(db), 25, (range, read) -> slices.add(new long[] {range.from(), read}));
        sliced.append(events);
        db.execute("analyze user_event");

        List<UserEvents> whole = new ArrayList<>();
        archive.readByUser(BEFORE_POSTGRES_EPOCH, NOON.plusSeconds(3600), whole::add);
        List<UserEvents> inSlices = new ArrayList<>();
        sliced.readByUser(BEFORE_POSTGRES_EPOCH, NOON.plusSeconds(3600), inSlices::add);

        assertThat(slices)
                .hasSizeGreaterThanOrEqualTo(10)
                .allSatisfy(slice -> assertThat(slice[1]).isLessThanOrEqualTo(25));
        assertThat(slices.stream().mapToLong(slice -> slice[1]).sum()).isEqualTo(301);
        assertThat(inSlices).isEqualTo(whole).hasSize(100);
        assertThat(inSlices).extracting(UserEvents::userId).isSortedAccordingTo(UserHashRange::compareUsers);
        assertThat(inSlices.stream().filter(user -> user.userId().equals("user-7")))
                .singleElement()
                .satisfies(user -> assertThat(user.events().get(0).occurredAt()).isEqualTo(BEFORE_POSTGRES_EPOCH))
                .satisfies(user -> assertThat(user.events()).hasSize(4));
    }

    @Test
    void givenPartitionNeverAnalysed_whenReadWithATinyBound_thenSlicesFoundTooLargeAreDividedUntilTheyFit() {
        List<UserEvent> events = threeHundredEventsOfAHundredUsers();
        List<UserHashRange> ranges = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        PostgresEventArchive sliced = new PostgresEventArchive(db, EventPartitions.standard(db), 4, (range, read) -> {
            ranges.add(range);
            sizes.add(read);
        });
        sliced.append(events);

        List<UserEvents> whole = new ArrayList<>();
        archive.readByUser(NOON, NOON.plusSeconds(3600), whole::add);
        List<UserEvents> inSlices = new ArrayList<>();
        sliced.readByUser(NOON, NOON.plusSeconds(3600), inSlices::add);

        for (int i = 0; i < ranges.size(); i++) {
            if (ranges.get(i).to() - ranges.get(i).from() > 1) {
                assertThat(sizes.get(i)).as("slice %s", ranges.get(i)).isLessThanOrEqualTo(4);
            }
        }
        assertThat(ranges).hasSizeGreaterThan(30);
        assertThat(sizes.stream().mapToLong(Long::longValue).sum()).isEqualTo(300);
        assertThat(inSlices).isEqualTo(whole).hasSize(100);
    }

    private static List<UserEvent> threeHundredEventsOfAHundredUsers() {
        List<UserEvent> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            events.add(pageView("s" + i, "user-" + i % 100, NOON.plusSeconds(300 - i)));
        }
        return events;
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
