package io.kairos.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * A Kafka cluster of three KRaft nodes in this JVM, each broker and controller, with one controller quorum of the
 * three. Node {@code n} (1 to 3) has its own ports and its directory {@code <directory>/node-n}; the directories are
 * formatted once with one cluster id and reused on a restart.
 *
 * <p>Replication factor 3 and {@code min.insync.replicas} 2 for the internal topics (consumer offsets, transaction
 * state, share coordinator state) and by default for new topics: a write acknowledged by all in-sync replicas
 * survives the loss of any one broker, and with two brokers down such a write is refused rather than kept on one.
 *
 * <p>{@link #stopBroker} and {@link #startBroker} stop one node and start it again on the same directory and ports.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    /** The number of nodes. */
    public static final int BROKERS = 3;

    private final Path directory;
    private final List<EmbeddedKafkaServer> nodes;

    private EmbeddedKafkaCluster(Path directory, List<EmbeddedKafkaServer> nodes) {
        this.directory = directory;
        this.nodes = nodes;
    }

    /**
     * Formats the nodes' directories under {@code directory} if needed and starts the three nodes. The brokers listen
     * on {@code firstBrokerPort} and the two ports after it, or on free ports when it is 0.
     *
     * @throws EmbeddedServerException with a sentence saying what failed and what to do
     */
    public static EmbeddedKafkaCluster start(Path directory, int firstBrokerPort) {
        List<EmbeddedKafkaServer> nodes = new ArrayList<>();
        for (int id = 1; id <= BROKERS; id++) {
            int port = firstBrokerPort == 0
                    ? EmbeddedKafkaServer.freePort()
                    : EmbeddedKafkaServer.requireFree(firstBrokerPort + id - 1);
            nodes.add(EmbeddedKafkaServer.clusterNode(
                    directory.resolve("node-" + id), id, port, EmbeddedKafkaServer.freePort()));
        }
        String voters = nodes.stream()
                .map(node -> node.nodeId() + "@127.0.0.1:" + node.controllerPort())
                .collect(Collectors.joining(","));
        EmbeddedKafkaServer.Membership membership =
                new EmbeddedKafkaServer.Membership(voters, clusterId(directory), BROKERS);
        nodes.forEach(node -> node.joinCluster(membership));
        EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(directory, List.copyOf(nodes));
        try {
            // a node's start waits for a quorum of controllers, so the three start at once
            CompletableFuture.allOf(nodes.stream()
                            .map(node -> CompletableFuture.runAsync(
                                    () -> node.startServer(BROKERS), runnable -> startThread(node, runnable)))
                            .toArray(CompletableFuture[]::new))
                    .join();
        } catch (CompletionException e) {
            cluster.close();
            throw e.getCause() instanceof EmbeddedServerException cause
                    ? cause
                    : new EmbeddedServerException(
                            "The embedded Kafka cluster could not start: " + EmbeddedKafkaServer.rootMessage(e), e);
        }
        return cluster;
    }

    private static void startThread(EmbeddedKafkaServer node, Runnable runnable) {
        Thread thread = new Thread(runnable, "start-kafka-node-" + node.nodeId());
        thread.setDaemon(true);
        thread.start();
    }

    /** The id of an existing node's directory, or a new one: every node of the cluster is formatted with it. */
    private static String clusterId(Path directory) {
        Path meta = directory.resolve("node-1").resolve("meta.properties");
        if (Files.exists(meta)) {
            Properties properties = new Properties();
            try (var in = Files.newInputStream(meta)) {
                properties.load(in);
            } catch (java.io.IOException e) {
                throw new EmbeddedServerException(
                        "The embedded Kafka cluster cannot read " + meta + ": " + e.getMessage()
                                + ". Check that the directory is readable, or delete it to start afresh.",
                        e);
            }
            String id = properties.getProperty("cluster.id");
            if (id != null) {
                return id;
            }
        }
        return Uuid.randomUuid().toString();
    }

    /** The bootstrap addresses of the three brokers, comma-separated. */
    public String bootstrapServers() {
        return nodes.stream().map(EmbeddedKafkaServer::bootstrapServers).collect(Collectors.joining(","));
    }

    /** The bootstrap address of each broker, node 1 first. */
    public List<String> brokerAddresses() {
        return nodes.stream().map(EmbeddedKafkaServer::bootstrapServers).toList();
    }

    /** The directory that holds the nodes' directories. */
    public Path directory() {
        return directory;
    }

    /** Stops node {@code nodeId} (1 to 3) and waits until it has released its directory. */
    public void stopBroker(int nodeId) {
        node(nodeId).close();
    }

    /** Starts node {@code nodeId} (1 to 3) again on its directory and ports, and waits until it answers. */
    public void startBroker(int nodeId) {
        EmbeddedKafkaServer node = node(nodeId);
        if (!node.isRunning()) {
            node.startServer(1);
        }
    }

    /** Whether node {@code nodeId} is running. */
    public boolean isRunning(int nodeId) {
        return node(nodeId).isRunning();
    }

    /** The node id of the leader of {@code topic}'s partition {@code partition}, or -1 when it has none. */
    public int leaderOf(String topic, int partition) {
        TopicPartitionInfo info = describe(topic).partitions().get(partition);
        return info.leader() == null ? -1 : info.leader().id();
    }

    /** The node ids of the in-sync replicas of {@code topic}'s partition {@code partition}. */
    public List<Integer> inSyncReplicas(String topic, int partition) {
        return describe(topic).partitions().get(partition).isr().stream()
                .map(org.apache.kafka.common.Node::id)
                .sorted()
                .toList();
    }

    private TopicDescription describe(String topic) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, runningBootstrapServers());
        try (Admin admin = Admin.create(properties)) {
            return untilTopicKnown(() -> admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not describe topic " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topic " + topic, e);
        }
    }

    /**
     * Runs an admin request again, for up to 30 seconds, while the broker that answers does not know the topic yet: a
     * topic just created reaches each broker's metadata a moment after the controller has committed it.
     */
    public static <T> T untilTopicKnown(AdminRequest<T> request)
            throws ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return request.call();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** An admin client call and the waits it throws. */
    @FunctionalInterface
    public interface AdminRequest<T> {
        T call() throws ExecutionException, TimeoutException, InterruptedException;
    }

    private String runningBootstrapServers() {
        return nodes.stream()
                .filter(EmbeddedKafkaServer::isRunning)
                .map(EmbeddedKafkaServer::bootstrapServers)
                .collect(Collectors.joining(","));
    }

    private EmbeddedKafkaServer node(int nodeId) {
        if (nodeId < 1 || nodeId > BROKERS) {
            throw new IllegalArgumentException("node id must be 1 to " + BROKERS + ", was " + nodeId);
        }
        return nodes.get(nodeId - 1);
    }

    /** Stops the three nodes at once (one by one, the last would wait for a quorum gone). Safe to call twice. */
    @Override
    public void close() {
        CompletableFuture.allOf(nodes.stream()
                        .map(node -> CompletableFuture.runAsync(node::close, runnable -> startThread(node, runnable)))
                        .toArray(CompletableFuture[]::new))
                .join();
    }
}
