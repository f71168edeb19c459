package io.kairos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.app.KafkaClientBase;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;

/** The one sentence a failed start is explained with, for the Kafka security failures. */
class StartupProblemTest {

    @Test
    void givenARefusedKafkaSetting_whenExplained_thenTheRefusalIsTheWholeSentence() {
        KafkaClientBase base =
                KafkaClientBase.plain("b:9092").withConsumer(Map.of("isolation.level", "read_uncommitted"));
        RuntimeException failure =
                new BeanCreationException("streamingPipeline", "failed", catching(() -> base.consumerFor("g")));

        assertThat(StartupProblem.explain(failure))
                .startsWith("the Kafka consumer property isolation.level=read_uncommitted is refused: the stream"
                        + " needs isolation.level=read_committed")
                .doesNotContain("Check KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void givenWrongCredentials_whenExplained_thenItSaysKafkaRefusedThemAndWhereTheyAreSet() {
        RuntimeException failure = new KafkaException(
                "Could not configure topics",
                new SaslAuthenticationException("Authentication failed during authentication due to invalid"
                        + " credentials with SASL mechanism SCRAM-SHA-256"));

        assertThat(StartupProblem.explain(failure))
                .startsWith("Kafka refused the credentials: Authentication failed during authentication due to"
                        + " invalid credentials with SASL mechanism SCRAM-SHA-256.")
                .contains("spring.kafka.security.protocol")
                .contains("sasl.jaas.config");
    }

    @Test
    void givenTheAdminTimingOutWithABareTimeout_whenExplained_thenItSaysWhatWasWaitedForAndWhatToCheck() {
        RuntimeException failure =
                new IllegalStateException("Could not configure topics", new java.util.concurrent.TimeoutException());

        assertThat(StartupProblem.explain(failure))
                .startsWith("cannot use Kafka: no answer in time (Could not configure topics). Check")
                .contains("spring.kafka.security.protocol");
    }

    private static RuntimeException catching(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("nothing was thrown");
    }
}
