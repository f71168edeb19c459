package io.kairos.streaming.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.domain.port.out.ConsumedOffset;
import io.kairos.domain.port.out.StaleOffsetException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decision table of the loop's reactions: what is retried, what re-seeks, what has its records isolated, what stops
 * the consumer.
 */
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
                Arguments.of(
                        "NUL in a text value",
                        wrapped(new SQLException("invalid byte sequence", "22021")),
                        FailureClass.SUSPECT_RECORD),
                Arguments.of(
                        "character not in repertoire",
                        wrapped(new SQLException("unsupported Unicode escape", "22P05")),
                        FailureClass.SUSPECT_RECORD),
                Arguments.of(
                        "value out of range",
                        wrapped(new SQLException("overflow", "22003")),
                        FailureClass.SUSPECT_RECORD),
                Arguments.of(
                        "unique violation", wrapped(new SQLException("dup", "23505")), FailureClass.SUSPECT_RECORD),
                Arguments.of("a fault in the rules", new IllegalArgumentException("boom"), FailureClass.SUSPECT_RECORD),
                Arguments.of(
                        "arithmetic overflow", new ArithmeticException("long overflow"), FailureClass.SUSPECT_RECORD),
                Arguments.of("schema not migrated", wrapped(new SQLException("no table", "42P01")), FailureClass.FATAL),
                Arguments.of("no grant", wrapped(new SQLException("denied", "42501")), FailureClass.FATAL),
                Arguments.of("wrong password", wrapped(new SQLException("auth", "28P01")), FailureClass.FATAL),
                Arguments.of("not authorized", new TopicAuthorizationException("no"), FailureClass.FATAL),
                Arguments.of("bad SASL credentials", new SaslAuthenticationException("no"), FailureClass.FATAL),
                Arguments.of(
                        "dead letter refused even as a reference",
                        new RecordTooLargeException("too big"),
                        FailureClass.FATAL),
                Arguments.of("lost data", new OffsetOutOfRangeException("gone", Map.of()), FailureClass.FATAL),
                Arguments.of("out of memory", wrapped(new OutOfMemoryError()), FailureClass.FATAL));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void givenAFailure_whenClassified_thenTheLoopReactsAsDocumented(
            String what, Throwable failure, FailureClass expected) {
        assertThat(FailureClass.of(failure)).isEqualTo(expected);
    }
}
