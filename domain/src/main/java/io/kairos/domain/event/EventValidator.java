package io.kairos.domain.event;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns a raw event into a {@link UserEvent}, upcasting older schema versions, or lists every problem with a reason.
 *
 * <p>Schema history (all known types are at version 2):
 *
 * <ul>
 *   <li>{@code purchase} v1 carried the amount as {@code amount} and no currency; v2 names it {@code revenue} and
 *       requires {@code currency}. Upcast: {@code amount} becomes {@code revenue}, currency defaults to the
 *       configured legacy currency.
 *   <li>{@code add_to_cart} v1 carried {@code price} and an optional quantity; v2 names it {@code unit_price} and
 *       requires {@code quantity}. Upcast: {@code price} becomes {@code unit_price}, quantity defaults to 1.
 *   <li>Every other known type is unchanged between v1 and v2.
 *   <li>Custom types are schema-less and must declare version 1.
 * </ul>
 *
 * A version newer than the current one, or below 1, is rejected: the producer is ahead of this deployment.
 */
public final class EventValidator {

    /** Events before this instant are absurd for this product and rejected. */
    public static final Instant EARLIEST_ACCEPTED = Instant.parse("2000-01-01T00:00:00Z");

    /** Longest accepted identifier (user, session, order, product, message ids). */
    public static final int MAX_ID_LENGTH = 128;

    /** Longest accepted free-text property value. */
    public static final int MAX_TEXT_LENGTH = 256;

    /** Largest accepted money amount or price: beyond any real order, far inside what storage and sums can hold. */
    public static final double MAX_AMOUNT = 1e12;

    /** Most attributes a custom event may carry. */
    public static final int MAX_CUSTOM_ATTRIBUTES = 32;

    /** What an event type name (and a custom attribute name) must look like; adapters route on it too. */
    public static final Pattern TYPE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private final Duration maxFutureSkew;
    private final String legacyCurrency;

    /**
     * @param maxFutureSkew how far after the reception time an event may claim to have occurred
     * @param legacyCurrency the currency of v1 purchases, which did not state one
     */
    public EventValidator(Duration maxFutureSkew, String legacyCurrency) {
        this.maxFutureSkew = Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
        if (!CURRENCY.matcher(legacyCurrency).matches()) {
            throw new IllegalArgumentException("legacyCurrency must be an ISO 4217 code: " + legacyCurrency);
        }
        this.legacyCurrency = legacyCurrency;
    }

    /** A validator that accepts events up to 5 minutes in the future and reads v1 purchases as EUR. */
    public static EventValidator standard() {
        return new EventValidator(Duration.ofMinutes(5), "EUR");
    }

    /**
     * Validates a raw event received at {@code receivedAt} (wall clock or ingest time, used only to reject events
     * from the future).
     */
    public EventValidation validate(RawEvent raw, Instant receivedAt) {
        List<EventProblem> problems = new ArrayList<>();
        UUID eventId = parseEventId(raw.eventId(), problems);
        String userId = requireId("userId", raw.userId(), problems);
        Instant occurredAt = parseTime("occurredAt", raw.occurredAt(), receivedAt, problems);
        String sessionId = optionalId("sessionId", raw.sessionId(), problems);
        EventProperties properties = parseTypedProperties(raw, problems);
        if (!problems.isEmpty()) {
            return new EventValidation.Invalid(problems);
        }
        return new EventValidation.Valid(new UserEvent(eventId, userId, occurredAt, sessionId, properties));
    }

    /**
     * The time of a watermark record received at {@code receivedAt}, held to the rules of an event's {@code
     * occurredAt} (an ISO-8601 instant, not before {@link #EARLIEST_ACCEPTED}, not more than the future skew after
     * reception), so that no single record can move a partition's event time further than an event could; or null,
     * with the reasons added to {@code problems}.
     */
    public Instant watermark(String value, Instant receivedAt, List<EventProblem> problems) {
        int before = problems.size();
        Instant time = parseTime("watermark", value, receivedAt, problems);
        return problems.size() == before ? time : null;
    }

    /** The latest time, relative to reception, that an event or a watermark may claim. */
    public Instant latestAccepted(Instant receivedAt) {
        return receivedAt.plus(maxFutureSkew);
    }

    private static UUID parseEventId(String value, List<EventProblem> problems) {
        if (value == null || value.isBlank()) {
            problems.add(new EventProblem("eventId", "missing"));
            return null;
        }
        try {
            UUID id = UUID.fromString(value);
            if (!id.toString().equalsIgnoreCase(value)) {
                problems.add(new EventProblem("eventId", "not a canonical UUID: " + abbreviate(value)));
            }
            return id;
        } catch (IllegalArgumentException e) {
            problems.add(new EventProblem("eventId", "not a UUID: " + abbreviate(value)));
            return null;
        }
    }

    private Instant parseTime(String field, String value, Instant receivedAt, List<EventProblem> problems) {
        if (value == null || value.isBlank()) {
            problems.add(new EventProblem(field, "missing"));
            return null;
        }
        Instant time;
        try {
            time = Instant.parse(value);
        } catch (DateTimeParseException e) {
            problems.add(new EventProblem(
                    field, "not an ISO-8601 instant such as 2026-12-05T12:00:00Z: " + abbreviate(value)));
            return null;
        }
        if (time.isBefore(EARLIEST_ACCEPTED)) {
            problems.add(new EventProblem(field, "before " + EARLIEST_ACCEPTED + ": " + time));
        } else if (time.isAfter(latestAccepted(receivedAt))) {
            problems.add(new EventProblem(
                    field, "more than " + maxFutureSkew + " after reception (" + receivedAt + "): " + time));
        }
        return time;
    }

    private EventProperties parseTypedProperties(RawEvent raw, List<EventProblem> problems) {
        String type = raw.type();
        if (type == null || type.isBlank()) {
            problems.add(new EventProblem("type", "missing"));
            return null;
        }
        if (!TYPE_NAME.matcher(type).matches()) {
            problems.add(new EventProblem("type", "must match " + TYPE_NAME.pattern() + ": " + abbreviate(type)));
            return null;
        }
        Integer version = raw.schemaVersion();
        Optional<KnownEventType> known = KnownEventType.fromWireName(type);
        int current = known.map(KnownEventType::currentVersion).orElse(1);
        if (version == null) {
            problems.add(new EventProblem("schemaVersion", "missing"));
            return null;
        }
        if (version < 1 || version > current) {
            problems.add(new EventProblem(
                    "schemaVersion",
                    "unknown version " + version + " of " + type + " (supported: 1.." + current + ")"));
            return null;
        }
        if (known.isEmpty()) {
            return parseCustom(type, raw.properties(), problems);
        }
        Map<String, Object> props = upcast(known.get(), version, raw.properties());
        return parseKnown(known.get(), new PropertyReader(props, problems));
    }

    private Map<String, Object> upcast(KnownEventType type, int version, Map<String, Object> original) {
        if (version == type.currentVersion()) {
            return original;
        }
        Map<String, Object> props = new LinkedHashMap<>(original);
        switch (type) {
            case PURCHASE -> {
                if (props.containsKey("amount")) {
                    props.put("revenue", props.remove("amount"));
                }
                props.putIfAbsent("currency", legacyCurrency);
            }
            case ADD_TO_CART -> {
                if (props.containsKey("price")) {
                    props.put("unit_price", props.remove("price"));
                }
                props.putIfAbsent("quantity", 1);
            }
            default -> {
                // unchanged between v1 and v2
            }
        }
        return props;
    }

    private static EventProperties parseKnown(KnownEventType type, PropertyReader in) {
        EventProperties properties = switch (type) {
            case PAGE_VIEW ->
                new EventProperties.PageView(in.requiredText("url", MAX_TEXT_LENGTH), in.optionalText("category"));
            case PRODUCT_VIEW ->
                new EventProperties.ProductView(
                        in.requiredText("product_id", MAX_ID_LENGTH),
                        in.optionalText("category"),
                        in.optionalNonNegative("price"));
            case ADD_TO_CART ->
                new EventProperties.AddToCart(
                        in.requiredText("product_id", MAX_ID_LENGTH),
                        in.positiveCount("quantity"),
                        in.requiredNonNegative("unit_price"),
                        in.optionalText("category"));
            case REMOVE_FROM_CART ->
                new EventProperties.RemoveFromCart(
                        in.requiredText("product_id", MAX_ID_LENGTH), in.positiveCount("quantity"));
            case CHECKOUT_STARTED -> new EventProperties.CheckoutStarted(in.optionalText("checkout_id"));
            case PURCHASE ->
                new EventProperties.Purchase(
                        in.requiredText("order_id", MAX_ID_LENGTH),
                        in.requiredNonNegative("revenue"),
                        in.currency("currency"));
            case MESSAGE_DELIVERED ->
                new EventProperties.MessageDelivered(
                        in.requiredText("message_id", MAX_ID_LENGTH),
                        in.optionalText("campaign_id"),
                        in.optionalChannel("channel"));
            case MESSAGE_OPENED -> new EventProperties.MessageOpened(in.requiredText("message_id", MAX_ID_LENGTH));
            case MESSAGE_CLICKED -> new EventProperties.MessageClicked(in.requiredText("message_id", MAX_ID_LENGTH));
            case CONSENT_CHANGED ->
                new EventProperties.ConsentChanged(in.optionalChannel("channel"), in.requiredBoolean("granted"));
            case PROFILE_UPDATED -> new EventProperties.ProfileUpdated(in.zone("time_zone"));
        };
        in.rejectUnknown(type.properties().keySet());
        return in.hasProblems() ? null : properties;
    }

    private static EventProperties parseCustom(String type, Map<String, Object> raw, List<EventProblem> problems) {
        if (raw.size() > MAX_CUSTOM_ATTRIBUTES) {
            problems.add(new EventProblem(
                    "properties", "more than " + MAX_CUSTOM_ATTRIBUTES + " attributes: " + raw.size()));
            return null;
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        int before = problems.size();
        raw.forEach((name, value) -> {
            String field = "properties." + abbreviate(name);
            if (!TYPE_NAME.matcher(name).matches()) {
                problems.add(new EventProblem(field, "attribute names must match " + TYPE_NAME.pattern()));
            } else if (value instanceof String text) {
                if (text.length() > MAX_TEXT_LENGTH) {
                    problems.add(new EventProblem(field, "longer than " + MAX_TEXT_LENGTH + " characters"));
                } else {
                    unstorableCharacter(text).ifPresent(problem -> problems.add(new EventProblem(field, problem)));
                }
                attributes.put(name, text);
            } else if (value instanceof Number number) {
                double d = number.doubleValue();
                if (!Double.isFinite(d)) {
                    problems.add(new EventProblem(field, "not a finite number"));
                }
                attributes.put(name, d);
            } else if (value instanceof Boolean flag) {
                attributes.put(name, flag);
            } else {
                problems.add(new EventProblem(field, "must be a string, a number or a boolean"));
            }
        });
        return problems.size() == before ? new EventProperties.Custom(type, attributes) : null;
    }

    private static String requireId(String field, String value, List<EventProblem> problems) {
        if (value == null || value.isBlank()) {
            problems.add(new EventProblem(field, "missing"));
            return null;
        }
        return checkId(field, value, problems);
    }

    private static String optionalId(String field, String value, List<EventProblem> problems) {
        return value == null ? null : checkId(field, value, problems);
    }

    private static String checkId(String field, String value, List<EventProblem> problems) {
        if (value.length() > MAX_ID_LENGTH) {
            problems.add(new EventProblem(field, "longer than " + MAX_ID_LENGTH + " characters"));
        } else {
            unstorableCharacter(value).ifPresent(problem -> problems.add(new EventProblem(field, problem)));
        }
        return value;
    }

    /**
     * Why a string cannot be stored and shown as text, if it cannot: a control character (NUL among them, which
     * PostgreSQL's text and jsonb refuse) or half of a UTF-16 surrogate pair (no UTF-8 encoding exists for it).
     */
    static Optional<String> unstorableCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                return Optional.of(String.format("contains the control character U+%04X at position %d", (int) c, i));
            }
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of(String.format("contains an unpaired surrogate U+%04X at position %d", (int) c, i));
            }
        }
        return Optional.empty();
    }

    /** A value as a problem may quote it: at most 40 characters, control characters and lone surrogates escaped. */
    static String abbreviate(String value) {
        String shown = value.length() <= 40 ? value : value.substring(0, 40) + "...";
        StringBuilder escaped = new StringBuilder(shown.length());
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            boolean paired = Character.isHighSurrogate(c)
                    ? i + 1 < shown.length() && Character.isLowSurrogate(shown.charAt(i + 1))
                    : Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(shown.charAt(i - 1));
            if (Character.isISOControl(c) || (Character.isSurrogate(c) && !paired)) {
                escaped.append(String.format("\\u%04X", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** Reads typed properties out of a raw map, collecting a problem per bad field. */
    private static final class PropertyReader {
        private final Map<String, Object> props;
        private final List<EventProblem> problems;
        private final int problemsBefore;

        PropertyReader(Map<String, Object> props, List<EventProblem> problems) {
            this.props = props;
            this.problems = problems;
            this.problemsBefore = problems.size();
        }

        boolean hasProblems() {
            return problems.size() > problemsBefore;
        }

        void rejectUnknown(Set<String> allowed) {
            for (String name : props.keySet()) {
                if (!allowed.contains(name)) {
                    problems.add(
                            new EventProblem("properties." + abbreviate(name), "not a property of this event type"));
                }
            }
        }

        private void problem(String name, String reason) {
            problems.add(new EventProblem("properties." + name, reason));
        }

        String requiredText(String name, int maxLength) {
            Object value = props.get(name);
            if (value == null) {
                problem(name, "missing");
                return "";
            }
            return text(name, value, maxLength);
        }

        String optionalText(String name) {
            Object value = props.get(name);
            return value == null ? null : text(name, value, MAX_TEXT_LENGTH);
        }

        private String text(String name, Object value, int maxLength) {
            if (!(value instanceof String text) || text.isBlank()) {
                problem(name, "must be a non-blank string");
                return "";
            }
            if (text.length() > maxLength) {
                problem(name, "longer than " + maxLength + " characters");
            } else {
                unstorableCharacter(text).ifPresent(problem -> problem(name, problem));
            }
            return text;
        }

        double requiredNonNegative(String name) {
            Object value = props.get(name);
            if (value == null) {
                problem(name, "missing");
                return 0;
            }
            return nonNegative(name, value);
        }

        Double optionalNonNegative(String name) {
            Object value = props.get(name);
            return value == null ? null : nonNegative(name, value);
        }

        private double nonNegative(String name, Object value) {
            if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
                problem(name, "must be a finite number");
                return 0;
            }
            if (number.doubleValue() < 0) {
                problem(name, "must not be negative: " + number);
                return 0;
            }
            if (number.doubleValue() > MAX_AMOUNT) {
                problem(name, "must not exceed " + MAX_AMOUNT + ": " + number);
                return 0;
            }
            return number.doubleValue();
        }

        int positiveCount(String name) {
            Object value = props.get(name);
            if (value == null) {
                problem(name, "missing");
                return 1;
            }
            if (!(value instanceof Number number)
                    || number.doubleValue() != Math.rint(number.doubleValue())
                    || number.doubleValue() < 1
                    || number.doubleValue() > 10_000) {
                problem(name, "must be a whole number from 1 to 10000: " + value);
                return 1;
            }
            return number.intValue();
        }

        boolean requiredBoolean(String name) {
            Object value = props.get(name);
            if (!(value instanceof Boolean flag)) {
                problem(name, value == null ? "missing" : "must be true or false");
                return false;
            }
            return flag;
        }

        String currency(String name) {
            Object value = props.get(name);
            if (!(value instanceof String code) || !CURRENCY.matcher(code).matches()) {
                problem(
                        name,
                        value == null
                                ? "missing"
                                : "must be an ISO 4217 code such as EUR: " + abbreviate(String.valueOf(value)));
                return "XXX";
            }
            return code;
        }

        Channel optionalChannel(String name) {
            Object value = props.get(name);
            if (value == null) {
                return null;
            }
            Optional<Channel> channel = value instanceof String wire ? Channel.fromWireName(wire) : Optional.empty();
            if (channel.isEmpty()) {
                problem(name, "unknown channel: " + abbreviate(String.valueOf(value)));
                return null;
            }
            return channel.get();
        }

        ZoneId zone(String name) {
            Object value = props.get(name);
            if (!(value instanceof String id)) {
                problem(name, value == null ? "missing" : "must be a time-zone id such as Europe/Paris");
                return ZoneId.of("UTC");
            }
            try {
                return ZoneId.of(id);
            } catch (DateTimeException e) {
                problem(name, "unknown time zone: " + abbreviate(id));
                return ZoneId.of("UTC");
            }
        }
    }
}
