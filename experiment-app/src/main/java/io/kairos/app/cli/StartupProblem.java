package io.kairos.app.cli;

import io.kairos.embedded.EmbeddedServerException;
import java.net.ConnectException;
import java.sql.SQLException;
import org.flywaydb.core.api.FlywayException;
import org.springframework.boot.web.server.PortInUseException;

/** Finds, in the causes of a failed start, the one sentence that tells the user what went wrong. */
final class StartupProblem {

    private StartupProblem() {}

    static String explain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EmbeddedServerException) {
                return t.getMessage();
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
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FlywayException) {
                return "the database schema could not be migrated: " + flat(t.getMessage());
            }
            if (t instanceof org.apache.kafka.common.KafkaException
                    || t instanceof org.springframework.kafka.KafkaException) {
                return "cannot use Kafka: " + flat(root(t).getMessage())
                        + " Check KAFKA_BOOTSTRAP_SERVERS / spring.kafka.bootstrap-servers, or unset it to use the"
                        + " embedded broker.";
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
