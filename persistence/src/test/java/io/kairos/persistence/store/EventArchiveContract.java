package io.kairos.persistence.store;

import static io.kairos.persistence.Samples.NOON;
import static io.kairos.persistence.Samples.everyKindOfEvent;
import static io.kairos.persistence.Samples.pageView;
import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.event.UserEvent;
import io.kairos.domain.port.out.EventArchive;
import io.kairos.domain.port.out.UserEvents;
import io.kairos.domain.port.out.UserHashRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link EventArchive}, run against the in-memory fake and the PostgreSQL adapter. */
abstract class EventArchiveContract {

    private static final Instant DAY = Instant.parse("2026-11-28T00:00:00Z");

    EventArchive archive;

    /** An empty archive. */
    abstract EventArchive emptyArchive();

    @BeforeEach
    void setUp() {
        archive = emptyArchive();
    }

    private List<UserEvents> read(Instant from, Instant until) {
        List<UserEvents> users = new ArrayList<>();
        archive.readByUser(from, until, users::add);
        return users;
    }

    @Test
    void givenEventsOfSeveralUsersAndDays_whenOneDayIsRead_thenItsEventsComeByUserInHashOrderThenTime() {
        UserEvent bobLate = pageView("b2", "bob", DAY.plus(Duration.ofHours(20)));
        UserEvent bobEarly = pageView("b1", "bob", DAY.plus(Duration.ofHours(1)));
        UserEvent aliceFirstInstant = pageView("a1", "alice", DAY);
        UserEvent aliceTied = pageView("a2", "alice", DAY.plusSeconds(5));
        UserEvent aliceTiedToo = pageView("a3", "alice", DAY.plusSeconds(5));
        UserEvent dayBefore = pageView("x1", "alice", DAY.minusNanos(1000));
        UserEvent nextDay = pageView("x2", "bob", DAY.plus(Duration.ofDays(1)));

        int added = archive.append(
                List.of(bobLate, nextDay, aliceTiedToo, bobEarly, dayBefore, aliceFirstInstant, aliceTied));

        assertThat(added).isEqualTo(7);
        List<UserEvent> tied =
                aliceTied.eventId().toString().compareTo(aliceTiedToo.eventId().toString()) < 0
                        ? List.of(aliceTied, aliceTiedToo)
                        : List.of(aliceTiedToo, aliceTied);
        List<UserEvent> alice = new ArrayList<>(List.of(aliceFirstInstant));
        alice.addAll(tied);
        List<UserEvents> expected = new ArrayList<>(
                List.of(new UserEvents("alice", alice), new UserEvents("bob", List.of(bobEarly, bobLate))));
        expected.sort(Comparator.comparing(UserEvents::userId, UserHashRange::compareUsers));
        assertThat(read(DAY, DAY.plus(Duration.ofDays(1)))).containsExactlyElementsOf(expected);
    }

    @Test
    void givenEventsOfEveryType_whenArchivedAndRead_thenEqual() {
        List<UserEvent> events = everyKindOfEvent("u-all\ttab", NOON);

        archive.append(events);

        assertThat(read(NOON, NOON.plusSeconds(60))).containsExactly(new UserEvents("u-all\ttab", events));
    }

    @Test
    void givenArchivedEvents_whenTheSameBatchIsAppendedAgain_thenNothingChanges() {
        List<UserEvent> events = everyKindOfEvent("u-1", NOON);
        archive.append(events);

        int added = archive.append(events);

        assertThat(added).isZero();
        assertThat(read(NOON, NOON.plusSeconds(60))).containsExactly(new UserEvents("u-1", events));
    }

    @Test
    void givenBatchMixingNewEventsArchivedOnesAndRepeats_whenAppended_thenOnlyTheNewOnesAreAdded() {
        UserEvent old = pageView("old", "u-1", NOON);
        archive.append(List.of(old));
        UserEvent fresh = pageView("fresh", "u-1", NOON.plusSeconds(1));
        UserEvent other = pageView("other", "u-2", NOON.plusSeconds(2));

        int added = archive.append(List.of(fresh, old, fresh, other, other));

        assertThat(added).isEqualTo(2);
        assertThat(read(NOON, NOON.plusSeconds(60)))
                .containsExactly(new UserEvents("u-1", List.of(old, fresh)), new UserEvents("u-2", List.of(other)));
    }

    @Test
    void givenEventTimeWithNanoseconds_whenArchivedTwice_thenKeptOnceToTheMicrosecond() {
        UserEvent precise = pageView("precise", "u-1", NOON.plusNanos(123_456_789));
        UserEvent stored = pageView("precise", "u-1", NOON.plusNanos(123_456_000));

        int first = archive.append(List.of(precise));
        int second = archive.append(List.of(precise, stored));

        assertThat(first).isOne();
        assertThat(second).isZero();
        assertThat(read(NOON, NOON.plusSeconds(1))).containsExactly(new UserEvents("u-1", List.of(stored)));
    }

    @Test
    void givenManyUsers_whenEachHashRangeIsRead_thenEachHoldsExactlyItsUsersAndTogetherTheWholePeriod() {
        List<UserEvent> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            events.add(pageView("r" + i, (i % 2 == 0 ? "user-" : "üsér-") + i, NOON.plusSeconds(i)));
        }
        archive.append(events);
        List<UserEvents> whole = read(NOON, NOON.plusSeconds(3600));

        List<UserEvents> together = new ArrayList<>();
        for (UserHashRange range : UserHashRange.split(3)) {
            List<UserEvents> part = new ArrayList<>();
            archive.readByUser(NOON, NOON.plusSeconds(3600), range, part::add);
            assertThat(part)
                    .allSatisfy(
                            user -> assertThat(range.contains(user.userId())).isTrue());
            assertThat(part).extracting(UserEvents::userId).isSortedAccordingTo(UserHashRange::compareUsers);
            together.addAll(part);
        }

        assertThat(whole).hasSize(200);
        assertThat(together).containsExactlyInAnyOrderElementsOf(whole);
    }

    @Test
    void givenEmptyPeriod_whenRead_thenTheCallbackIsNeverCalled() {
        archive.append(List.of(pageView("e", "u-1", NOON)));

        assertThat(read(NOON.plusSeconds(1), NOON.plusSeconds(3600))).isEmpty();
        assertThat(archive.append(List.of())).isZero();
    }
}
