package io.kairos.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.port.out.UserEvents;
import io.kairos.domain.port.out.UserHashRange;
import io.kairos.domain.port.out.inmemory.InMemoryEventArchive;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;

class ArchivedUserReaderTest {

    private static final Instant START = Instant.parse("2026-11-01T02:00:00Z");
    private static final Instant CUTOFF = START.plusSeconds(86_400);

    @Test
    void givenAPeriod_whenReadToTheEnd_thenEachUserComesOnceInTheArchivesOrderWithAllItsEvents() throws Exception {
        InMemoryEventArchive archive = archive();
        ArchivedUserReader reader = new ArchivedUserReader(archive, START, CUTOFF, UserHashRange.ALL, 3);

        reader.open(new ExecutionContext());
        List<UserEvents> users = readAll(reader);
        reader.close();

        assertThat(users)
                .extracting(UserEvents::userId)
                .isSortedAccordingTo(UserHashRange::compareUsers)
                .doesNotHaveDuplicates()
                .hasSize(40);
        assertThat(users.stream().mapToInt(u -> u.events().size()).sum()).isEqualTo(40 * 5);
    }

    @Test
    void givenASavedLastCompletedUser_whenReopened_thenItContinuesWithTheNextUser() throws Exception {
        InMemoryEventArchive archive = archive();
        ArchivedUserReader first = new ArchivedUserReader(archive, START, CUTOFF, UserHashRange.ALL, 3);
        ExecutionContext context = new ExecutionContext();
        first.open(context);
        List<String> before = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            before.add(first.read().userId());
        }
        first.update(context);
        first.close();

        ArchivedUserReader second = new ArchivedUserReader(archive, START, CUTOFF, UserHashRange.ALL, 3);
        second.open(context);
        List<UserEvents> after = readAll(second);
        second.close();

        assertThat(context.getString(ArchivedUserReader.LAST_COMPLETED_USER)).isEqualTo(before.get(14));
        List<String> all = new ArrayList<>(before);
        after.forEach(u -> all.add(u.userId()));
        assertThat(all)
                .isSortedAccordingTo(UserHashRange::compareUsers)
                .doesNotHaveDuplicates()
                .hasSize(40);
    }

    @Test
    void givenTwoRanges_whenBothAreRead_thenTogetherTheyReadEveryUserOnce() throws Exception {
        InMemoryEventArchive archive = archive();
        List<String> users = new ArrayList<>();
        for (UserHashRange range : UserHashRange.split(2)) {
            ArchivedUserReader reader = new ArchivedUserReader(archive, START, CUTOFF, range, 2);
            reader.open(new ExecutionContext());
            readAll(reader).forEach(u -> users.add(u.userId()));
            reader.close();
        }

        assertThat(users).doesNotHaveDuplicates().hasSize(40);
    }

    private static InMemoryEventArchive archive() {
        InMemoryEventArchive archive = new InMemoryEventArchive();
        archive.append(EventLogs.random(9, 40, 5, START, 1));
        archive.append(EventLogs.random(10, 40, 2, CUTOFF, 1));
        return archive;
    }

    private static List<UserEvents> readAll(ArchivedUserReader reader) throws Exception {
        List<UserEvents> users = new ArrayList<>();
        for (UserEvents next = reader.read(); next != null; next = reader.read()) {
            users.add(next);
        }
        return users;
    }
}
