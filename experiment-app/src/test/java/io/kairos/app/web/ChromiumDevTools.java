package io.kairos.app.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Real headless Chromium driven over the Chrome DevTools Protocol (its WebSocket, from the JDK's client): navigate,
 * evaluate script in the page, wait for a condition in real time, take a screenshot. For pages that must live longer
 * than {@link HeadlessChromium#renderedDom}'s virtual time allows, such as one waiting for a WebSocket message.
 */
public final class ChromiumDevTools implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration ANSWER = Duration.ofSeconds(30);

    private final Process browser;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private ChromiumDevTools(Process browser, WebSocket socket) {
        this.browser = browser;
        this.socket = socket;
    }

    /** Starts Chromium with an empty profile under {@code workDir} and connects to its first page. */
    public static ChromiumDevTools launch(Path chromium, Path workDir) throws IOException, InterruptedException {
        Path profile = workDir.resolve("profile");
        Process browser = new ProcessBuilder(
                        chromium.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--window-size=1200,800",
                        "--remote-debugging-port=0",
                        "--user-data-dir=" + profile,
                        "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(workDir.resolve("chromium.log").toFile())
                .start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(portFile) || Files.readAllLines(portFile).size() < 2) {
            if (System.nanoTime() > deadline || !browser.isAlive()) {
                browser.destroyForcibly();
                throw new IOException("Chromium did not open its DevTools port: "
                        + Files.readString(workDir.resolve("chromium.log")));
            }
            Thread.sleep(100);
        }
        String port = Files.readAllLines(portFile).get(0).trim();
        HttpClient http = HttpClient.newHttpClient();
        String targets = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        String page = null;
        for (JsonNode target : JSON.readTree(targets)) {
            if ("page".equals(target.path("type").asString())) {
                page = target.path("webSocketDebuggerUrl").asString();
                break;
            }
        }
        if (page == null) {
            browser.destroyForcibly();
            throw new IOException("Chromium has no page target: " + targets);
        }
        ChromiumDevTools[] self = new ChromiumDevTools[1];
        StringBuilder partial = new StringBuilder();
        WebSocket socket = http.newWebSocketBuilder()
                .buildAsync(URI.create(page), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            self[0].answer(partial.toString());
                            partial.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                })
                .join();
        self[0] = new ChromiumDevTools(browser, socket);
        return self[0];
    }

    private void answer(String text) {
        JsonNode message = JSON.readTree(text);
        if (message.has("id")) {
            CompletableFuture<JsonNode> waiting =
                    pending.remove(message.get("id").asInt());
            if (waiting != null) {
                waiting.complete(message);
            }
        }
    }

    /** Sends a DevTools command and returns its result. */
    public JsonNode send(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode command = JSON.createObjectNode();
        command.put("id", id);
        command.put("method", method);
        command.set("params", JSON.valueToTree(params));
        socket.sendText(command.toString(), true).join();
        JsonNode message = answer.get(ANSWER.toSeconds(), TimeUnit.SECONDS);
        if (message.has("error")) {
            throw new IllegalStateException(method + ": " + message.get("error"));
        }
        return message.get("result");
    }

    /** Opens {@code url} and waits for its load event's document to be complete. */
    public void navigate(String url) throws Exception {
        send("Page.enable", Map.of());
        send("Page.navigate", Map.of("url", url));
        awaitTrue("document.readyState === 'complete'", Duration.ofSeconds(30));
    }

    /** The value of a script expression in the page (awaited when a promise). */
    public JsonNode evaluate(String expression) throws Exception {
        JsonNode result =
                send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException(expression + " threw " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Waits, in real time, until the expression is true; false when {@code limit} passed first. */
    public boolean awaitTrue(String expression, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (evaluate("Boolean(" + expression + ")").asBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** A PNG of the page as shown. */
    public byte[] screenshot() throws Exception {
        return Base64.getDecoder()
                .decode(send("Page.captureScreenshot", Map.of("format", "png"))
                        .get("data")
                        .asString());
    }

    /** Writes a screenshot to {@code file}. */
    public void screenshot(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, screenshot());
    }

    @Override
    public void close() {
        try {
            socket.abort();
        } finally {
            browser.destroy();
            try {
                if (!browser.waitFor(10, TimeUnit.SECONDS)) {
                    browser.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                browser.destroyForcibly();
            }
        }
    }
}
