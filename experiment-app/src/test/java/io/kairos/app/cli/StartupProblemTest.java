package io.kairos.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.app.KafkaClientBase;
import io.kairos.app.streaming.StreamingProperties;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The one sentence a failed start is explained with: the Kafka security failures, a setting refused at binding. */
class StartupProblemTest {

    @Test
    void givenAStreamingExperimentKeyThatCannotNameAGroup_whenTheSettingsBind_thenTheSentenceNamesTheSetting() {
        Binder binder =
                new Binder(new MapConfigurationPropertySource(Map.of("kairos.streaming.experiment-key", "xmas/26")));

        assertThatThrownBy(() -> binder.bind("kairos.streaming", StreamingProperties.class))
                .satisfies(failure -> assertThat(StartupProblem.explain(failure))
                        .startsWith("kairos.streaming.experiment-key: experiment key 'xmas/26' must be 1 to 100"));
    }

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
