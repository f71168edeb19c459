package io.kairos.domain.state;

import io.kairos.domain.event.Channel;
import java.time.Instant;

/**
 * A message the user received (or, for a ghost decision, would have received): the ledger frequency caps and
 * cooldowns count.
 *
 * @param messageId the decision id for the engine's own messages, or the event's message id
 * @param campaignId the campaign, or null when a {@code message_delivered} event did not say
 * @param channel the channel, or null when a {@code message_delivered} event did not say
 * @param at the (planned) delivery time
 */
public record MessageMark(String messageId, String campaignId, Channel channel, Instant at) {}
