package io.kairos.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker in KRaft mode (broker and controller in one process), run in this JVM.
 *
 * <p>The log directory is formatted on first start and reused afterwards, so topics and offsets survive a
 * restart on the same directory. Every internal topic uses replication factor 1; as a node of an {@link
 * EmbeddedKafkaCluster}, replication factor 3 and min.insync.replicas 2.
 *
 * <p>By default clients connect in plain text without credentials. {@link #startWithScram} starts it instead with a
 * {@code SASL_PLAINTEXT} listener that only SCRAM-SHA-512 accounts can use (the broker talks to itself through it as
 * its own account); the controller listener stays local and in plain text. The listener authenticates and does not
 * authorise: every account may do everything. {@link #startWithScramAndAcls} adds authorisation by ACLs, and with a
 * {@link Tls} key store the listener is {@code SASL_SSL}: TLS, then SCRAM inside it.
 */
public final class EmbeddedKafkaServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaServer.class);
    private static final int SINGLE_NODE_ID = 1;
    private static final String PLAINTEXT_LISTENER = "PLAINTEXT";
    private static final String SASL_LISTENER = "SASL_PLAINTEXT";
    private static final String SASL_TLS_LISTENER = "SASL_SSL";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String INTERNAL_LISTENER = "INTERNAL";
    /** The SASL mechanism of {@link #startWithScram}. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

    private final Path logDirectory;
    private final int brokerPort;
    private final int controllerPort;
    private final Scram scram;
    private final int nodeId;
    private Membership membership;
    private Tls tls;
    private KafkaRaftServer server;

    private boolean authorize;
    /** The port the client listener advertises; {@link #brokerPort} unless {@link #startAdvertising}. */
    private int advertisedPort;
    /** The port of the broker's own plain-text listener ({@link #startAdvertising} only); 0: none. */
    private int internalPort;

    private EmbeddedKafkaServer(Path logDirectory, int brokerPort, int controllerPort, Scram scram) {
        this(logDirectory, brokerPort, controllerPort, scram, SINGLE_NODE_ID);
    }

    private EmbeddedKafkaServer(Path logDirectory, int brokerPort, int controllerPort, Scram scram, int nodeId) {
        this.logDirectory = logDirectory;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.scram = scram;
        this.nodeId = nodeId;
        this.advertisedPort = brokerPort;
    }

    /**
     * What a node of an {@link EmbeddedKafkaCluster} shares with the others: the controller quorum, the cluster id its
     * directory is formatted with, and the number of brokers (the replication factor of the internal topics and the
     * default of new topics; min.insync.replicas is one less).
     */
    record Membership(String quorumVoters, String clusterId, int brokers) {}

    /** A node of a cluster, not started: plain text, node id {@code nodeId}, its own ports and directory. */
    static EmbeddedKafkaServer clusterNode(Path logDirectory, int nodeId, int brokerPort, int controllerPort) {
        return new EmbeddedKafkaServer(logDirectory, brokerPort, controllerPort, null, nodeId);
    }

    /** Joins this (not yet started) node to a cluster. */
    void joinCluster(Membership membership) {
        this.membership = membership;
    }

    /** The port of this node's controller listener. */
    int controllerPort() {
        return controllerPort;
    }

    /** This node's id in the quorum. */
    int nodeId() {
        return nodeId;
    }

    /** Whether the node is running. */
    public synchronized boolean isRunning() {
        return server != null;
    }

    /**
     * Like {@link #startWithScram}, and every request is authorised by Kafka's {@code StandardAuthorizer}: an account
     * may do only what an ACL ({@link #grant}) allows it, except the broker's own account, a super user. The
     * controller's loopback listener, plain text, is a super user too (the broker talks to its controller there).
     */
    public static EmbeddedKafkaServer startWithScramAndAcls(Path logDirectory, int brokerPort, Scram scram) {
        return startWithScramAndAcls(logDirectory, brokerPort, scram, null);
    }

    /**
     * Like {@link #startWithScramAndAcls(Path, int, Scram)}, on a {@code SASL_SSL} listener that presents the
     * certificate of {@code tls} (when not null): a client must trust it ({@link #clientProperties} sets the trust
     * store) and check that it names {@code 127.0.0.1}.
     */
    public static EmbeddedKafkaServer startWithScramAndAcls(Path logDirectory, int brokerPort, Scram scram, Tls tls) {
        Objects.requireNonNull(scram, "scram");
        int port = brokerPort == 0 ? freePort() : requireFree(brokerPort);
        EmbeddedKafkaServer kafka = new EmbeddedKafkaServer(logDirectory, port, freePort(), scram);
        kafka.authorize = true;
        kafka.tls = tls;
        kafka.startServer();
        return kafka;
    }

    /**
     * The TLS identity of a {@code SASL_SSL} listener: a PKCS12 key store with the broker's key and certificate, and a
     * PKCS12 trust store that trusts it (the broker is a client of its own listener).
     *
     * @param keyStore the key store
     * @param trustStore the trust store
     * @param password the password of both stores and of the key
     */
    public record Tls(Path keyStore, Path trustStore, String password) {
        public Tls {
            Objects.requireNonNull(keyStore, "keyStore");
            Objects.requireNonNull(trustStore, "trustStore");
            Objects.requireNonNull(password, "password");
        }

        /** The client properties that make a client trust the stores' certificate. */
        public Map<String, Object> clientProperties() {
            return Map.of(
                    "ssl.truststore.location",
                    trustStore.toString(),
                    "ssl.truststore.password",
                    password,
                    "ssl.truststore.type",
                    "PKCS12");
        }
    }

    /** Creates these ACLs as the broker's own account and waits until they are in force. */
    public void grant(java.util.Collection<org.apache.kafka.common.acl.AclBinding> acls) {
        Properties adminProperties = new Properties();
        adminProperties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, directBootstrapServers());
        if (scram != null) {
            adminProperties.putAll(clientProperties(scram.brokerUser(), scram.brokerPassword()));
        }
        try (Admin admin = Admin.create(adminProperties)) {
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create the ACLs: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the ACLs", e);
        }
    }

    /**
     * The SCRAM-SHA-512 accounts of a broker started with {@link #startWithScram}. Names and passwords are letters,
     * digits, {@code -} and {@code _}, so that they need no quoting in the broker's or a client's JAAS line.
     *
     * @param brokerUser the account the broker authenticates to itself with (inter-broker traffic)
     * @param brokerPassword its password
     * @param users the clients' accounts: name to password
     */
    public record Scram(String brokerUser, String brokerPassword, Map<String, String> users) {

        private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_-]+");

        public Scram {
            requirePlain(brokerUser, "brokerUser");
            requirePlain(brokerPassword, "brokerPassword");
            users = Map.copyOf(users);
            users.forEach((name, password) -> {
                requirePlain(name, "user name");
                requirePlain(password, "password of " + name);
            });
        }

        private static void requirePlain(String value, String what) {
            Objects.requireNonNull(value, what);
            if (!PLAIN_WORD.matcher(value).matches()) {
                throw new IllegalArgumentException(what + " must be letters, digits, - and _ only");
            }
        }

        /** Every account, the broker's first. */
        Map<String, String> accounts() {
            Map<String, String> all = new LinkedHashMap<>();
            all.put(brokerUser, brokerPassword);
            all.putAll(users);
            return all;
        }
    }

    /**
     * Formats {@code logDirectory} if needed and starts a broker on {@code brokerPort} (0 picks a free port).
     *
     * @throws EmbeddedServerException with a sentence saying what failed and what to do
     */
    public static EmbeddedKafkaServer start(Path logDirectory, int brokerPort) {
        int port = brokerPort == 0 ? freePort() : requireFree(brokerPort);
        EmbeddedKafkaServer kafka = new EmbeddedKafkaServer(logDirectory, port, freePort(), null);
        kafka.startServer();
        return kafka;
    }

    /**
     * Like {@link #start}, but the client listener on {@code brokerPort} advertises {@code advertisedPort} instead of
     * its own: for tests that put a proxy ({@code TcpProxy}) listening on {@code advertisedPort} and forwarding to
     * {@code brokerPort} between clients and the broker. Kafka clients connect to the addresses a broker advertises,
     * not to the bootstrap address, so without this they would bypass the proxy after their first metadata request.
     *
     * <p>The broker's own traffic does not go through the proxy: the controller keeps its listener, and the broker's
     * inter-broker traffic (e.g. transaction markers, sent to the partitions' leader, itself) goes to a second
     * plain-text listener that advertises its own port ({@link #directBootstrapServers}). So a fault injected in the
     * proxy reaches the clients only. The broker's start does not need the proxy: it checks readiness there too.
     *
     * @param brokerPort the port the client listener binds (0 picks a free port)
     * @param advertisedPort the port clients are told to connect to, on {@code 127.0.0.1}
     * @throws EmbeddedServerException with a sentence saying what failed and what to do
     */
    public static EmbeddedKafkaServer startAdvertising(Path logDirectory, int brokerPort, int advertisedPort) {
        if (advertisedPort <= 0 || advertisedPort > 65535) {
            throw new IllegalArgumentException("advertisedPort must be a TCP port, not " + advertisedPort);
        }
        int port = brokerPort == 0 ? freePort() : requireFree(brokerPort);
        EmbeddedKafkaServer kafka = new EmbeddedKafkaServer(logDirectory, port, freePort(), null);
        kafka.advertisedPort = advertisedPort;
        kafka.internalPort = freePort();
        kafka.startServer();
        return kafka;
    }

    /**
     * Like {@link #start}, but clients must authenticate with SASL_PLAINTEXT and SCRAM-SHA-512 as one of {@code
     * scram}'s accounts. The accounts are written when the directory is formatted, so a restart on the same directory
     * keeps the first start's accounts.
     *
     * @throws EmbeddedServerException with a sentence saying what failed and what to do
     */
    public static EmbeddedKafkaServer startWithScram(Path logDirectory, int brokerPort, Scram scram) {
        Objects.requireNonNull(scram, "scram");
        int port = brokerPort == 0 ? freePort() : requireFree(brokerPort);
        EmbeddedKafkaServer kafka = new EmbeddedKafkaServer(logDirectory, port, freePort(), scram);
        kafka.startServer();
        return kafka;
    }

    /**
     * The Kafka client properties that authenticate as {@code user} on a broker started with {@link
     * #startWithScram}: {@code security.protocol}, {@code sasl.mechanism} and {@code sasl.jaas.config}.
     */
    public static Map<String, Object> scramClientProperties(String user, String password) {
        return Map.of(
                "security.protocol", SASL_LISTENER,
                "sasl.mechanism", SCRAM_MECHANISM,
                "sasl.jaas.config", scramJaas(user, password));
    }

    private static String scramJaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    /**
     * The client properties that authenticate as {@code user} on this broker: those of {@link #scramClientProperties},
     * on {@code SASL_SSL} with the trust store when the listener has TLS.
     */
    public Map<String, Object> clientProperties(String user, String password) {
        Map<String, Object> properties = new java.util.HashMap<>(scramClientProperties(user, password));
        if (tls != null) {
            properties.put("security.protocol", SASL_TLS_LISTENER);
            properties.putAll(tls.clientProperties());
        }
        return Map.copyOf(properties);
    }

    /**
     * The bootstrap address clients use, {@code 127.0.0.1:<port>}: the advertised port (a proxy's) when started with
     * {@link #startAdvertising}.
     */
    public String bootstrapServers() {
        return "127.0.0.1:" + advertisedPort;
    }

    /**
     * An address that reaches the broker without a proxy: the broker's own listener when started with {@link
     * #startAdvertising} (it advertises itself, so clients bootstrapped there stay off the proxy), else {@link
     * #bootstrapServers}.
     */
    public String directBootstrapServers() {
        return internalPort == 0 ? bootstrapServers() : "127.0.0.1:" + internalPort;
    }

    /** The directory that holds the broker's logs and metadata. */
    public Path logDirectory() {
        return logDirectory;
    }

    private void startServer() {
        startServer(1);
    }

    /**
     * Formats the directory if needed, starts the node and waits until {@code brokers} brokers answer through it. A
     * cluster starts its nodes at once, each in its own thread: a node's start waits for a quorum of controllers.
     */
    synchronized void startServer(int brokers) {
        long started = System.nanoTime();
        try {
            Files.createDirectories(logDirectory);
            Properties properties = serverProperties();
            KafkaConfig config = KafkaConfig.fromProps(properties, false);
            formatIfNeeded();
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            awaitReady(Duration.ofSeconds(60), brokers);
        } catch (EmbeddedServerException e) {
            close();
            throw e;
        } catch (Exception e) {
            close();
            throw new EmbeddedServerException(
                    "The embedded Kafka broker " + nodeId + " could not start in " + logDirectory + ": "
                            + rootMessage(e)
                            + ". Check that the directory is writable and not used by another running broker,"
                            + " or point the app at an external broker.",
                    e);
        }
        log.info(
                "Embedded Kafka broker ready on {} (data in {}) after {} ms",
                bootstrapServers(),
                logDirectory,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private Properties serverProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(nodeId));
        p.put(
                "controller.quorum.voters",
                membership == null ? nodeId + "@127.0.0.1:" + controllerPort : membership.quorumVoters());
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        String listener = scram == null ? PLAINTEXT_LISTENER : tls == null ? SASL_LISTENER : SASL_TLS_LISTENER;
        String prefix = "listener.name." + listener.toLowerCase(Locale.ROOT) + ".";
        if (internalPort == 0) {
            p.put(
                    "listeners",
                    listener + "://127.0.0.1:" + brokerPort + "," + CONTROLLER_LISTENER + "://127.0.0.1:"
                            + controllerPort);
            p.put("advertised.listeners", listener + "://127.0.0.1:" + advertisedPort);
            p.put(
                    "listener.security.protocol.map",
                    listener + ":" + listener + "," + CONTROLLER_LISTENER + ":PLAINTEXT");
            p.put("inter.broker.listener.name", listener);
        } else {
            // startAdvertising: clients are sent to the proxy's port, the broker talks to itself on its own listener
            String internal = INTERNAL_LISTENER + "://127.0.0.1:" + internalPort;
            p.put(
                    "listeners",
                    listener + "://127.0.0.1:" + brokerPort + "," + internal + "," + CONTROLLER_LISTENER
                            + "://127.0.0.1:" + controllerPort);
            p.put("advertised.listeners", listener + "://127.0.0.1:" + advertisedPort + "," + internal);
            p.put(
                    "listener.security.protocol.map",
                    listener + ":" + listener + "," + INTERNAL_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER
                            + ":PLAINTEXT");
            p.put("inter.broker.listener.name", INTERNAL_LISTENER);
        }
        if (scram != null) {
            p.put("sasl.enabled.mechanisms", SCRAM_MECHANISM);
            p.put("sasl.mechanism.inter.broker.protocol", SCRAM_MECHANISM);
            p.put(
                    prefix + SCRAM_MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                    scramJaas(scram.brokerUser(), scram.brokerPassword()));
        }
        if (tls != null) {
            p.put(prefix + "ssl.keystore.location", tls.keyStore().toString());
            p.put(prefix + "ssl.keystore.password", tls.password());
            p.put(prefix + "ssl.key.password", tls.password());
            p.put(prefix + "ssl.keystore.type", "PKCS12");
            p.put(prefix + "ssl.truststore.location", tls.trustStore().toString());
            p.put(prefix + "ssl.truststore.password", tls.password());
            p.put(prefix + "ssl.truststore.type", "PKCS12");
            // the broker is a client of its own listener: its client side needs the trust store too
            p.putAll(Map.of(
                    "ssl.truststore.location", tls.trustStore().toString(),
                    "ssl.truststore.password", tls.password(),
                    "ssl.truststore.type", "PKCS12"));
        }
        if (authorize) {
            p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            p.put("super.users", "User:" + scram.brokerUser() + ";User:ANONYMOUS");
            p.put("allow.everyone.if.no.acl.found", "false");
        }
        p.put("log.dirs", logDirectory.toString());
        String replicas = String.valueOf(membership == null ? 1 : membership.brokers());
        String minInSync = String.valueOf(membership == null ? 1 : membership.brokers() - 1);
        p.put("num.partitions", "4");
        p.put("default.replication.factor", replicas);
        p.put("min.insync.replicas", minInSync);
        p.put("offsets.topic.replication.factor", replicas);
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", replicas);
        p.put("transaction.state.log.min.isr", minInSync);
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", replicas);
        p.put("share.coordinator.state.topic.min.isr", minInSync);
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        return p;
    }

    private void formatIfNeeded() throws Exception {
        if (Files.exists(logDirectory.resolve("meta.properties"))) {
            return;
        }
        List<String> scramArguments = new ArrayList<>();
        if (scram != null) {
            scram.accounts()
                    .forEach((user, password) ->
                            scramArguments.add(SCRAM_MECHANISM + "=[name=" + user + ",password=" + password + "]"));
        }
        new Formatter()
                .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                .setScramArguments(scramArguments)
                .setClusterId(membership == null ? Uuid.randomUuid().toString() : membership.clusterId())
                .setNodeId(nodeId)
                .setDirectories(List.of(logDirectory.toString()))
                .setMetadataLogDirectory(logDirectory.toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setReleaseVersion(MetadataVersion.latestProduction())
                .run();
    }

    private void awaitReady(Duration timeout, int brokers) throws InterruptedException, TimeoutException {
        Properties adminProperties = new Properties();
        adminProperties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, directBootstrapServers());
        adminProperties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        adminProperties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
        if (scram != null) {
            adminProperties.putAll(clientProperties(scram.brokerUser(), scram.brokerPassword()));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(adminProperties)) {
            while (true) {
                try {
                    if (admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).size() >= brokers) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException notYet) {
                    // not yet: try again until the deadline
                }
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException(
                            brokers + " broker(s) did not answer within " + timeout.toSeconds() + " s");
                }
                Thread.sleep(50);
            }
        }
    }

    /** Stops the broker and waits until it has released its directory. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (server != null) {
            KafkaRaftServer running = server;
            server = null;
            running.shutdown();
            running.awaitShutdown();
            log.info("Embedded Kafka broker on port {} stopped (node {})", brokerPort, nodeId);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free TCP port on this machine", e);
        }
    }

    static int requireFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return port;
        } catch (IOException e) {
            throw new EmbeddedServerException("Port " + port
                    + " is already in use, so the embedded server cannot listen on it. Stop the other process"
                    + " or choose another port.");
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
