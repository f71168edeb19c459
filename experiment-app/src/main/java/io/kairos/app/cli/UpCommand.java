package io.kairos.app.cli;

import io.kairos.app.KairosProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kairos up}: brings the infrastructure up (embedded servers by default), applies the schema migrations,
 * creates the topics, and keeps running until Ctrl-C or SIGTERM, when everything shuts down cleanly.
 */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Start PostgreSQL and Kafka (embedded by default), apply the schema migrations and create the topics,"
                    + " then keep running until Ctrl-C / SIGTERM. Use it to poke at the servers with psql or kcat."
        })
public final class UpCommand implements Callable<Integer> {

    @Mixin
    SpringArguments spring;

    @Option(
            names = "--brokers",
            paramLabel = "N",
            description = "Embedded Kafka brokers: 1, or 3 for a cluster with replication factor 3 and"
                    + " min.insync.replicas 2 (sets kairos.embedded.kafka-brokers; default 1).")
    Integer brokers;

    @Override
    public Integer call() throws InterruptedException {
        if (brokers != null && brokers != 1 && brokers != 3) {
            System.err.println("kairos up: --brokers (kairos.embedded.kafka-brokers) must be 1 or 3, not " + brokers
                    + ": the embedded Kafka runs one broker, or a cluster of three.");
            return 2;
        }
        Map<String, Object> defaults =
                Map.of("spring.kafka.admin.fail-fast", "true", "logging.level.io.kairos", "INFO");
        List<String> arguments = new ArrayList<>(spring.springArguments());
        if (brokers != null) {
            arguments.add("--kairos.embedded.kafka-brokers=" + brokers);
        }
        ConfigurableApplicationContext context;
        try {
            context = SpringContexts.start(defaults, arguments);
        } catch (SpringContexts.StartFailure failure) {
            SpringContexts.printFailure(System.err, "up", failure);
            return 1;
        }
        CountDownLatch closed = new CountDownLatch(1);
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) {
                closed.countDown();
            }
        });
        context.getBean(DataSource.class);
        KairosProperties properties = context.getBean(KairosProperties.class);
        System.out.println("Kairos is up. Press Ctrl-C to stop.");
        System.out.println(
                "  PostgreSQL  " + context.getBean(JdbcConnectionDetails.class).getJdbcUrl());
        List<String> kafka = context.getBean(KafkaConnectionDetails.class).getBootstrapServers();
        System.out.println("  Kafka       " + String.join(",", kafka)
                + (kafka.size() > 1 ? "  (" + kafka.size() + " brokers)" : ""));
        System.out.println(
                "  data        " + properties.dataDir().toAbsolutePath().normalize());
        System.out.flush();
        closed.await();
        return 0;
    }
}
