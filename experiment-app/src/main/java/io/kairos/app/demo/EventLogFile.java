package io.kairos.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.domain.event.UserEvent;
import io.kairos.streaming.wire.ActivityMessages;
import io.kairos.streaming.wire.EventDecoder;
import io.kairos.streaming.wire.WireRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An event log on disk: one activity message per line, exactly as it goes on the activity topic (so {@code kcat -P}
 * can also replay it into a live topic). Reading validates every line with the streaming path's decoder and stops at
 * the first bad one with its line number.
 */
public final class EventLogFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventLogFile() {}

    /** Writes the events, one JSON message per line. */
    public static void write(List<UserEvent> events, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            for (UserEvent event : events) {
                out.write(ActivityMessages.event(event));
                out.write('\n');
            }
        }
    }

    /**
     * Reads a log written by {@link #write} (or any file of activity messages, one per line; blank lines are
     * skipped), in file order.
     *
     * @throws InvalidEventLog at the first line that is not a valid event, naming the line and the reason
     */
    public static List<UserEvent> read(Path file, EventDecoder decoder) throws IOException {
        List<UserEvent> events = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                byte[] value = line.getBytes(StandardCharsets.UTF_8);
                WireRecord record = decoder.decode(userIdOf(value), value, 0, 1, Instant.now());
                if (record instanceof WireRecord.Event event) {
                    events.add(event.event());
                } else if (record instanceof WireRecord.Rejected rejected) {
                    throw new InvalidEventLog(file, number, rejected.reason() + ": " + rejected.detail());
                } else {
                    throw new InvalidEventLog(file, number, "a watermark record, not an event");
                }
            }
        }
        return events;
    }

    /**
     * The line's {@code userId}, which the decoder expects as the record key (as the topic's key); null when the line
     * has none, which the decoder then reports.
     */
    private static byte[] userIdOf(byte[] value) {
        try {
            JsonNode userId = JSON.readTree(value).get("userId");
            return userId == null || !userId.isTextual()
                    ? null
                    : userId.asText().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    /** A line of an event log is not a valid event. */
    public static final class InvalidEventLog extends RuntimeException {
        InvalidEventLog(Path file, int line, String reason) {
            super(Objects.toString(file) + ", line " + line + ": " + reason);
        }
    }
}
