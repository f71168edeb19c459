package io.kairos.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerSelectionIT {

    @Test
    void givenNoConfiguration_whenPostgresRequestedTwice_thenTheSameRealServerIsShared() throws Exception {
        TestPostgres first = TestServers.postgres();
        assertThat(TestServers.postgres()).isSameAs(first);
        try (Connection c = first.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("show server_version_num")) {
            rs.next();
            assertThat(rs.getInt(1)).isBetween(170000, 179999);
        }
    }

    @Test
    void givenSharedServer_whenFreshDatabaseRequested_thenItIsEmptyAndSeparate() throws Exception {
        TestPostgres isolated = TestServers.postgres().freshDatabase("isolation check");
        assertThat(isolated.jdbcUrl()).contains("kairos_isolation_check_");
        try (Connection c = isolated.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from pg_tables where schemaname = 'public'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void givenUnreachableExternalPostgres_whenStarted_thenMessageNamesTheVariableAndTheFix() {
        Map<String, String> env = Map.of(TestServers.POSTGRES_URL_ENV, "jdbc:postgresql://127.0.0.1:1/nothing");
        assertThatThrownBy(() -> TestServers.startPostgres(env))
                .isInstanceOf(TestServerUnavailableException.class)
                .hasMessageContaining("PostgreSQL at jdbc:postgresql://127.0.0.1:1/nothing is not reachable")
                .hasMessageContaining("unset it to use an embedded PostgreSQL");
    }

    @Test
    void givenUnreachableExternalKafka_whenStarted_thenMessageNamesTheVariableAndTheFix() {
        Map<String, String> env = Map.of(TestServers.KAFKA_BOOTSTRAP_ENV, "127.0.0.1:1");
        assertThatThrownBy(() -> TestServers.startKafka(env))
                .isInstanceOf(TestServerUnavailableException.class)
                .hasMessageContaining("Kafka at 127.0.0.1:1 is not reachable")
                .hasMessageContaining(TestServers.KAFKA_BOOTSTRAP_ENV);
    }

    @Test
    void givenNoConfiguration_whenKafkaRequested_thenTopicsCanBeCreated() {
        TestKafka kafka = TestServers.kafka();
        assertThat(kafka.freshTopic("probe", 2)).startsWith("probe-");
    }
}
