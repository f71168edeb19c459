package io.kairos.app;

import io.kairos.persistence.DatabaseSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.server.common.MetadataVersion;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;

/**
 * Connects to the configured PostgreSQL and Kafka and tells, in plain words, whether they are usable: server
 * versions, topics, and the state of the schema migrations. It changes nothing.
 */
public final class Doctor {

    private static final int TIMEOUT_SECONDS = 10;

    private final DataSource dataSource;
    private final Map<String, Object> kafkaConfiguration;

    /** Creates a doctor for the given database and Kafka admin client configuration. */
    public Doctor(DataSource dataSource, Map<String, Object> kafkaConfiguration) {
        this.dataSource = dataSource;
        this.kafkaConfiguration = kafkaConfiguration;
    }

    /**
     * One examined component.
     *
     * @param component what was examined, e.g. "PostgreSQL"
     * @param problem why it is not usable, empty when healthy
     * @param details facts found, one per line
     */
    public record Finding(String component, Optional<String> problem, List<String> details) {

        /** Whether the component is usable. */
        public boolean healthy() {
            return problem.isEmpty();
        }
    }

    /** Examines PostgreSQL and Kafka, in that order. */
    public List<Finding> examine() {
        return List.of(examinePostgres(), examineKafka());
    }

    Finding examinePostgres() {
        List<String> details = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "select current_setting('server_version'), current_database(), current_user")) {
            rs.next();
            details.add("server     PostgreSQL " + rs.getString(1));
            details.add("url        " + connection.getMetaData().getURL());
            details.add("database   " + rs.getString(2) + " as " + rs.getString(3));
        } catch (SQLException | RuntimeException e) {
            return new Finding("PostgreSQL", Optional.of("unreachable: " + rootMessage(e)), details);
        }
        try {
            MigrationInfoService info = Flyway.configure()
                    .dataSource(dataSource)
                    .locations(DatabaseSchema.MIGRATIONS)
                    .load()
                    .info();
            MigrationInfo current = info.current();
            details.add("schema     version " + (current == null ? "none (empty database)" : current.getVersion())
                    + ", " + info.applied().length + " applied, " + info.pending().length + " pending"
                    + (info.pending().length > 0 ? " (applied on the next start of a command that writes)" : ""));
        } catch (RuntimeException e) {
            return new Finding("PostgreSQL", Optional.of("migration state unreadable: " + rootMessage(e)), details);
        }
        return new Finding("PostgreSQL", Optional.empty(), details);
    }

    Finding examineKafka() {
        List<String> details = new ArrayList<>();
        Map<String, Object> configuration = new HashMap<>(kafkaConfiguration);
        configuration.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_SECONDS * 1000 / 2);
        configuration.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_SECONDS * 1000);
        configuration.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        Object servers = configuration.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        String bootstrap = servers instanceof List<?> list
                ? String.join(",", list.stream().map(String::valueOf).toList())
                : String.valueOf(servers);
        try (Admin admin = Admin.create(configuration)) {
            DescribeClusterResult cluster = admin.describeCluster();
            String clusterId = cluster.clusterId().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            int brokers = cluster.nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).size();
            details.add("cluster    " + clusterId + " at " + bootstrap + ", " + brokers + " broker(s)");
            FeatureMetadata features =
                    admin.describeFeatures().featureMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            FinalizedVersionRange metadata = features.finalizedFeatures().get(MetadataVersion.FEATURE_NAME);
            details.add("server     "
                    + (metadata == null
                            ? "Kafka (metadata.version not reported)"
                            : "Kafka "
                                    + MetadataVersion.fromFeatureLevel(metadata.maxVersionLevel())
                                            .version() + " (metadata.version)")
                    + ", client " + AppInfoParser.getVersion());
            TreeSet<String> topics = new TreeSet<>(admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            details.add("topics     " + (topics.isEmpty() ? "none yet" : String.join(", ", topics)));
            return new Finding("Kafka", Optional.empty(), details);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return new Finding("Kafka", Optional.of("unreachable at " + bootstrap + ": " + rootMessage(e)), details);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Finding("Kafka", Optional.of("interrupted"), details);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof TimeoutException || root instanceof org.apache.kafka.common.errors.TimeoutException) {
            return "no answer within " + TIMEOUT_SECONDS + " s";
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }
}
