package io.kairos.domain.campaign;

import io.kairos.domain.event.Channel;
import io.kairos.domain.segment.ConditionParser;
import io.kairos.domain.segment.ConditionScope;
import io.kairos.domain.segment.EvaluationContext;
import io.kairos.domain.segment.Field;
import io.kairos.domain.segment.InvalidCondition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A campaign's message: channel, body template and optional offer code.
 *
 * <p>The body is text with variables in braces: {@code {state.cart.value}}, {@code {event.category}}, {@code
 * {user.id}}, {@code {campaign.id}}, {@code {offer}}. Whole numbers render without decimals, others with two;
 * absent values render as the empty string.
 */
public record MessageTemplate(Channel channel, String body, String offer, List<Part> parts) {

    public MessageTemplate {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(body, "body");
        parts = List.copyOf(parts);
    }

    /** A template compiled from {@code body}, whose variables are checked in {@code scope}. */
    public static MessageTemplate compile(Channel channel, String body, String offer, ConditionScope scope) {
        return new MessageTemplate(channel, body, offer, parse(body, scope));
    }

    /** A piece of a compiled body. */
    public sealed interface Part {
        /** Literal text. */
        record Text(String text) implements Part {}

        /** A field's value. */
        record Variable(Field field) implements Part {}

        /** The campaign id. */
        record CampaignId() implements Part {}

        /** The offer code. */
        record Offer() implements Part {}
    }

    /** The body with every variable filled in from a context. */
    public RenderedMessage render(String campaignId, EvaluationContext context) {
        StringBuilder out = new StringBuilder(body.length() + 32);
        for (Part part : parts) {
            if (part instanceof Part.Text text) {
                out.append(text.text());
            } else if (part instanceof Part.Variable variable) {
                appendValue(out, variable.field().read(context));
            } else if (part instanceof Part.CampaignId) {
                out.append(campaignId);
            } else if (offer != null) {
                out.append(offer);
            }
        }
        return new RenderedMessage(channel, out.toString(), offer);
    }

    private static void appendValue(StringBuilder out, Object value) {
        if (value instanceof Double number) {
            double d = number;
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                out.append((long) d);
            } else {
                out.append(String.format(Locale.ROOT, "%.2f", d));
            }
        } else if (value instanceof Duration duration) {
            out.append(duration.toMinutes()).append(" min");
        } else if (value != null) {
            out.append(value);
        }
    }

    private static List<Part> parse(String body, ConditionScope scope) {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (i < body.length()) {
            int open = body.indexOf('{', i);
            if (open < 0) {
                parts.add(new Part.Text(body.substring(i)));
                break;
            }
            if (open > i) {
                parts.add(new Part.Text(body.substring(i, open)));
            }
            int close = body.indexOf('}', open);
            if (close < 0) {
                throw new InvalidCondition("unclosed '{' at column " + (open + 1));
            }
            String name = body.substring(open + 1, close).trim();
            switch (name) {
                case "campaign.id" -> parts.add(new Part.CampaignId());
                case "offer" -> parts.add(new Part.Offer());
                default -> parts.add(new Part.Variable(ConditionParser.parseField(name, scope)));
            }
            i = close + 1;
        }
        return parts;
    }
}
