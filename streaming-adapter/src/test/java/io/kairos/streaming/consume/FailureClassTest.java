package io.kairos.streaming.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.port.out.ConsumedOffset;
import io.kairos.domain.port.out.StaleOffsetException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Decision table of the loop's reactions: what is retried, what re-seeks, what stops the consumer. */
class FailureClassTest {

    static RuntimeException wrapped(Throwable cause) {
        return new IllegalStateException("data access failed", cause);
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("PostgreSQL down", wrapped(new SQLException("refused", "08001")), FailureClass.RETRIABLE),
                Arguments.of(
                        "pool timeout", wrapped(new SQLTransientConnectionException("pool")), FailureClass.RETRIABLE),
                Arguments.of(
                        "serialization failure", wrapped(new SQLException("retry", "40001")), FailureClass.RETRIABLE),
                Arguments.of("admin shutdown", wrapped(new SQLException("bye", "57P01")), FailureClass.RETRIABLE),
                Arguments.of("socket refused", wrapped(new ConnectException("refused")), FailureClass.RETRIABLE),
                Arguments.of("broker timeout", new TimeoutException("no ack"), FailureClass.RETRIABLE),
                Arguments.of("leader moved", new NotLeaderOrFollowerException("moved"), FailureClass.RETRIABLE),
                Arguments.of(
                        "zombie commit",
                        wrapped(new StaleOffsetException(new ConsumedOffset("g", "t", 0, 1), 5)),
                        FailureClass.FENCED),
                Arguments.of("unique violation (a bug)", wrapped(new SQLException("dup", "23505")), FailureClass.FATAL),
                Arguments.of("not authorized", new TopicAuthorizationException("no"), FailureClass.FATAL),
                Arguments.of("lost data", new OffsetOutOfRangeException("gone"), FailureClass.FATAL),
                Arguments.of("a bug", new IllegalArgumentException("boom"), FailureClass.FATAL));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void givenAFailure_whenClassified_thenTheLoopReactsAsDocumented(
            String what, Throwable failure, FailureClass expected) {
        assertThat(FailureClass.of(failure)).isEqualTo(expected);
    }
}
