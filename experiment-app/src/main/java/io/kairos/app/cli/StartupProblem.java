package io.kairos.app.cli;

import io.kairos.app.KafkaClientBase;
import io.kairos.embedded.EmbeddedServerException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.flywaydb.core.api.FlywayException;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.web.server.PortInUseException;

/** Finds, in the causes of a failed start, the one sentence that tells the user what went wrong. */
final class StartupProblem {

    private static final String KAFKA_ADVICE = " Check KAFKA_BOOTSTRAP_SERVERS / spring.kafka.bootstrap-servers and,"
            + " for a secured broker, spring.kafka.security.protocol and the SASL or TLS settings (docs/operations.md),"
            + " or unset the servers to use the embedded broker.";

    private StartupProblem() {}

    static String explain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EmbeddedServerException) {
                return t.getMessage();
            }
        }
        BindException badSetting = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BindException bind) {
                badSetting = bind; // the innermost names the setting itself, e.g. kairos.embedded.kafka-brokers
            }
        }
        if (badSetting != null) {
            String reason = flat(root(badSetting).getMessage());
            if (reason.contains(badSetting.getName().toString())) {
                return reason; // our own validation already names the setting, e.g. kairos.batch.every
            }
            return "the setting " + badSetting.getName()
                    + (badSetting.getProperty() == null
                            ? ""
                            : " = " + badSetting.getProperty().getValue())
                    + " cannot be used: " + reason;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof KafkaClientBase.KafkaSettingRefused) {
                return t.getMessage();
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SslAuthenticationException) {
                return "the TLS handshake with Kafka failed: " + flat(root(t).getMessage())
                        + " The broker's certificate must be signed by a certificate of the trust store"
                        + " (spring.kafka.ssl.trust-store-location, or spring.kafka.ssl.bundle) and name the host of"
                        + " spring.kafka.bootstrap-servers; check spring.kafka.security.protocol too (docs/operations.md,"
                        + " \"Connecting to a secured Kafka\").";
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthenticationException) {
                return "Kafka refused the credentials: " + flat(t.getMessage())
                        + " Check spring.kafka.security.protocol, spring.kafka.properties.sasl.mechanism and"
                        + " sasl.jaas.config, or spring.kafka.ssl.* (docs/operations.md, \"Connecting to a secured"
                        + " Kafka\").";
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PortInUseException) {
                return flat(t.getMessage()) + " Choose another with --port.";
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException || t instanceof ConnectException) {
                return "cannot use PostgreSQL: " + flat(t.getMessage())
                        + " Check POSTGRES_JDBC_URL / spring.datasource.url, or unset it to use the embedded server.";
            }
        }
        Throwable outer = null;
        for (Throwable t = failure; t != null; outer = t, t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FlywayException) {
                return "the database schema could not be migrated: " + flat(t.getMessage());
            }
            if (t instanceof org.apache.kafka.common.KafkaException
                    || t instanceof org.springframework.kafka.KafkaException) {
                return "cannot use Kafka: " + flat(root(t).getMessage()) + KAFKA_ADVICE;
            }
            if (t instanceof TimeoutException) {
                // Spring Kafka's admin times out with a bare TimeoutException when the broker never answers, e.g. a
                // plain-text client at a SASL listener: say what was waited for, which the wrapper tells.
                String waitedFor = t.getMessage() != null || outer == null ? t.getMessage() : outer.getMessage();
                return "cannot use Kafka: no answer in time"
                        + (waitedFor == null ? "" : " (" + flat(waitedFor).replaceAll("\\.$", "") + ")") + "."
                        + KAFKA_ADVICE;
            }
        }
        return flat(root(failure).getMessage());
    }

    private static Throwable root(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String flat(String message) {
        if (message == null) {
            return "unknown error.";
        }
        String flat = message.replaceAll("\\s+", " ").trim();
        return flat.endsWith(".") ? flat : flat + ".";
    }
}
