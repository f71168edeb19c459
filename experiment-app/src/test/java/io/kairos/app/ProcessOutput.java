package io.kairos.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Collects a child process's output stream while it runs, so a test of the packaged jar can both wait for a line and
 * read everything once the process has ended.
 */
public final class ProcessOutput {

    private final StringBuffer text = new StringBuffer();
    private final CompletableFuture<String> closed;
    private final Duration limit;

    private ProcessOutput(InputStream stream, Duration limit) {
        this.limit = limit;
        this.closed = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    text.append(line).append('\n');
                }
            } catch (IOException e) {
                text.append("<read failed: ").append(e.getMessage()).append(">\n");
            }
            return text.toString();
        });
    }

    /** Starts collecting {@code stream}; waits below give up after {@code limit}. */
    public static ProcessOutput of(InputStream stream, Duration limit) {
        return new ProcessOutput(stream, limit);
    }

    /** Everything the process wrote, once the stream has closed. */
    public String whenClosed() throws Exception {
        return closed.get(limit.toSeconds(), TimeUnit.SECONDS);
    }

    /** What the process wrote so far. */
    public String soFar() {
        return text.toString();
    }

    /** Waits until the output contains {@code expected}; fails if the process ends first or the limit passes. */
    public void awaitLine(String expected, Process process) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!text.toString().contains(expected)) {
            if (!process.isAlive()) {
                throw new AssertionError("kairos exited early with " + process.exitValue() + ":\n" + text);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No '" + expected + "' within " + limit + ":\n" + text);
            }
            Thread.sleep(100);
        }
    }
}
