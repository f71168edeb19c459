package io.kairos.persistence.store;

import static io.kairos.persistence.Samples.pageView;
import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.event.UserEvent;
import io.kairos.persistence.TestDatabase;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventPartitionsIT {

    private static final LocalDate NOV_28 = LocalDate.parse("2026-11-28");

    private static DSLContext db;

    @BeforeAll
    static void database() {
        db = TestDatabase.fresh("event partitions");
    }

    @BeforeEach
    void empty() {
        TestDatabase.empty(db);
        new EventPartitions(db, 0, 0).dropOlderThan(LocalDate.parse("3000-01-01"));
    }

    private static Instant noon(LocalDate day) {
        return day.atTime(12, 0).toInstant(java.time.ZoneOffset.UTC);
    }

    private static long rowsIn(String table) {
        return db.fetchOne("select count(*) from " + table).get(0, Long.class);
    }

    @Test
    void givenEventsOfTwoDays_whenPrepared_thenEachDayAndTheDaysAheadGetAPartitionOnce() {
        EventPartitions partitions = new EventPartitions(db, 2, 35);
        List<UserEvent> events =
                List.of(pageView("a", "u", noon(NOV_28)), pageView("b", "u", noon(NOV_28.plusDays(1))));

        int created = partitions.prepareFor(events);
        int again = partitions.prepareFor(events);
        int byAnotherWriter = new EventPartitions(db, 2, 35).prepareFor(events);

        assertThat(created).isEqualTo(4);
        assertThat(again).isZero();
        assertThat(byAnotherWriter).isZero();
        assertThat(partitions.days())
                .containsExactly(NOV_28, NOV_28.plusDays(1), NOV_28.plusDays(2), NOV_28.plusDays(3));
    }

    @Test
    void givenStragglerBeyondTheLateLimit_whenArchived_thenItLandsInTheDefaultPartitionAndIsStillRead() {
        EventPartitions partitions = new EventPartitions(db, 0, 3);
        PostgresEventArchive archive = new PostgresEventArchive(db, partitions);
        archive.append(List.of(pageView("today", "u", noon(NOV_28))));
        UserEvent straggler = pageView("old", "u", noon(NOV_28.minusDays(10)));

        archive.append(List.of(straggler));

        assertThat(partitions.days()).containsExactly(NOV_28);
        assertThat(rowsIn("user_event_default")).isEqualTo(1);
        List<UserEvent> read = new ArrayList<>();
        archive.readByUser(noon(NOV_28.minusDays(11)), noon(NOV_28.minusDays(9)), user -> read.addAll(user.events()));
        assertThat(read).containsExactly(straggler);
    }

    @Test
    void givenRowsOfADayInTheDefaultPartition_whenThatDaysPartitionIsCreated_thenTheRowsMoveIntoIt() {
        PostgresEventArchive archive = new PostgresEventArchive(db, new EventPartitions(db, 0, 0));
        archive.append(List.of(pageView("today", "u", noon(NOV_28))));
        archive.append(List.of(
                pageView("late-1", "u", noon(NOV_28.minusDays(5))),
                pageView("late-2", "v", noon(NOV_28.minusDays(5)))));

        int created = new EventPartitions(db, 0, 0).ensure(NOV_28.minusDays(5), NOV_28.minusDays(5));

        assertThat(created).isEqualTo(1);
        assertThat(rowsIn("user_event_default")).isZero();
        assertThat(rowsIn("user_event_20261123")).isEqualTo(2);
        assertThat(rowsIn("user_event")).isEqualTo(3);
    }

    @Test
    void givenPartitionsAndOutliers_whenOlderDaysAreDropped_thenOnlyTheKeptDaysRemainAndTheDropIsReported() {
        EventPartitions partitions = new EventPartitions(db, 0, 3);
        PostgresEventArchive archive = new PostgresEventArchive(db, partitions);
        for (int daysAgo = 3; daysAgo >= 0; daysAgo--) {
            archive.append(List.of(pageView("d" + daysAgo, "u", noon(NOV_28.minusDays(daysAgo)))));
        }
        archive.append(List.of(pageView("outlier", "u", noon(NOV_28.minusDays(40)))));

        ArchivePruning pruning = partitions.dropOlderThan(NOV_28.minusDays(1));

        assertThat(pruning).isEqualTo(new ArchivePruning(List.of(NOV_28.minusDays(3), NOV_28.minusDays(2)), 1));
        assertThat(partitions.days()).containsExactly(NOV_28.minusDays(1), NOV_28);
        assertThat(rowsIn("user_event")).isEqualTo(2);
        assertThat(partitions.dropOlderThan(NOV_28.minusDays(1))).isEqualTo(new ArchivePruning(List.of(), 0));
    }
}
