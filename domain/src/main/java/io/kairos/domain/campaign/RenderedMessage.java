package io.kairos.domain.campaign;

import io.kairos.domain.event.Channel;
import java.nio.charset.StandardCharsets;

/** A message ready to send: channel, body with variables filled in, and the offer code if any. */
public record RenderedMessage(Channel channel, String body, String offer) {

    /** Largest payload (body plus offer, UTF-8) a message may have. */
    public static final int MAX_PAYLOAD_BYTES = 1024;

    /** Payload size in UTF-8 bytes. */
    public int payloadBytes() {
        return body.getBytes(StandardCharsets.UTF_8).length
                + (offer == null ? 0 : offer.getBytes(StandardCharsets.UTF_8).length);
    }
}
