package io.kairos.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.yaml.snakeyaml.Yaml;

/** Checks that docker-compose.yml configures the app with the names the app actually reads. */
class DockerComposeTest {

    static Map<String, Object> services;
    static Properties applicationProperties;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        Path compose = Path.of("..", "docker-compose.yml");
        try (InputStream in = Files.newInputStream(compose)) {
            Map<String, Object> root = new Yaml().load(in);
            services = (Map<String, Object>) root.get("services");
        }
        applicationProperties = new Properties();
        try (InputStream in = DockerComposeTest.class.getResourceAsStream("/application.properties")) {
            applicationProperties.load(in);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> environment(String service) {
        Map<String, Object> definition = (Map<String, Object>) services.get(service);
        Map<String, String> env = new HashMap<>();
        ((Map<String, Object>) definition.get("environment")).forEach((k, v) -> env.put(k, String.valueOf(v)));
        return env;
    }

    static Set<String> variablesTheAppReads() {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+)[:}]").matcher("");
        for (String key : applicationProperties.stringPropertyNames()) {
            m.reset(applicationProperties.getProperty(key));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    @Test
    void givenComposeFile_whenRead_thenPostgresKafkaAndTheAppAreDefinedWithHealthchecks() {
        assertThat(services).containsKeys("postgres", "kafka", "kairos");
        for (String service : List.of("postgres", "kafka", "kairos")) {
            Map<?, ?> definition = (Map<?, ?>) services.get(service);
            assertThat(definition.containsKey("healthcheck"))
                    .as("%s has a healthcheck", service)
                    .isTrue();
        }
        assertThat(((Map<?, ?>) services.get("postgres")).get("image").toString())
                .startsWith("postgres:17");
        assertThat(environment("kafka")).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
    }

    @Test
    void givenAppService_whenItsVariablesAreChecked_thenEachIsOneTheAppReads() {
        Set<String> read = variablesTheAppReads();
        assertThat(read).contains("POSTGRES_JDBC_URL", "KAFKA_BOOTSTRAP_SERVERS");
        assertThat(environment("kairos").keySet())
                .isSubsetOf(read)
                .contains("POSTGRES_JDBC_URL", "KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void givenComposeEnvironment_whenTheAppResolvesItsProperties_thenItTargetsTheComposeServers() {
        StandardEnvironment spring = new StandardEnvironment();
        spring.getPropertySources().addFirst(new MapPropertySource("compose", Map.copyOf(environment("kairos"))));
        spring.getPropertySources().addLast(new PropertiesPropertySource("application", applicationProperties));

        String jdbcUrl = spring.getProperty("spring.datasource.url");
        String bootstrap = spring.getProperty("spring.kafka.bootstrap-servers");
        Map<String, String> postgres = environment("postgres");

        URI database = URI.create(jdbcUrl.substring("jdbc:".length()));
        assertThat(services).containsKey(database.getHost());
        assertThat(database.getPath()).isEqualTo("/" + postgres.get("POSTGRES_DB"));
        assertThat(spring.getProperty("spring.datasource.username")).isEqualTo(postgres.get("POSTGRES_USER"));
        assertThat(spring.getProperty("spring.datasource.password")).isEqualTo(postgres.get("POSTGRES_PASSWORD"));
        assertThat(services).containsKey(bootstrap.substring(0, bootstrap.indexOf(':')));
        assertThat(environment("kafka").get("KAFKA_ADVERTISED_LISTENERS")).contains(bootstrap);
    }
}
