package io.kairos.streaming.consume;

import io.kairos.domain.port.out.PollBatchWrites;
import java.util.List;
import java.util.Objects;

/**
 * What a handler made of one poll batch: the writes to commit (the loop adds the consumed offsets) and the records
 * to dead-letter first.
 */
public record BatchWork(PollBatchWrites writes, List<DeadLetter> deadLetters) {

    public BatchWork {
        Objects.requireNonNull(writes, "writes");
        deadLetters = List.copyOf(deadLetters);
    }
}
