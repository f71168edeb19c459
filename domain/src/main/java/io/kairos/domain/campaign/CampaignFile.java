package io.kairos.domain.campaign;

import io.kairos.domain.event.Channel;
import io.kairos.domain.segment.Condition;
import io.kairos.domain.segment.ConditionParser;
import io.kairos.domain.segment.ConditionScope;
import io.kairos.domain.segment.Durations;
import io.kairos.domain.segment.InvalidCondition;
import io.kairos.domain.segment.Segment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the campaign file marketers edit: a small indentation-based format (two spaces per level), parsed by hand
 * with the JDK only. See {@code docs/campaigns.md} for the format; every problem is reported with its line, the
 * campaign or segment, the field and the reason.
 */
public final class CampaignFile {

    /** The only format version this parser reads. */
    public static final int FORMAT_VERSION = 1;

    /** Classpath location of the campaigns shipped with Kairos. */
    public static final String DEFAULT_RESOURCE = "/io/kairos/domain/campaign/default-campaigns.kairos";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern KEY = Pattern.compile("[a-z_]+");
    private static final Pattern CAP = Pattern.compile("(\\d{1,4}) per (day|week)");
    private static final Pattern QUIET = Pattern.compile("(\\d{2}:\\d{2})-(\\d{2}:\\d{2})");

    private final List<DefinitionProblem> problems = new ArrayList<>();
    private final Map<String, Integer> lineOfDefinition = new HashMap<>();
    private final Map<String, Node> nodeOfDefinition = new HashMap<>();
    private final Map<String, Node> nodeOfField = new HashMap<>();

    private CampaignFile() {}

    /** Parses a campaign file, or throws {@link InvalidCampaignDefinition} listing every problem. */
    public static CampaignCatalog parse(String text) {
        return new CampaignFile().read(text);
    }

    /** The campaigns shipped with Kairos (the article's five cases). */
    public static CampaignCatalog defaults() {
        try (InputStream in = CampaignFile.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One non-blank, non-comment line, with the lines indented under it. */
    private record Node(
            int line, int indent, int keyColumn, int valueColumn, String key, String value, List<Node> children) {

        /** Where a problem with this line points: the value when there is one, else the key. */
        int column() {
            return value == null || value.isEmpty() ? keyColumn : valueColumn;
        }

        String describe() {
            return value == null ? key : key + ": " + value;
        }
    }

    private CampaignCatalog read(String text) {
        List<Node> roots = structure(text);
        List<Segment> segments = new ArrayList<>();
        List<Campaign> campaigns = new ArrayList<>();
        boolean formatSeen = false;
        for (Node node : roots) {
            if (node.key().equals("format") && node.value() != null) {
                formatSeen = true;
                if (!node.value().equals(String.valueOf(FORMAT_VERSION))) {
                    problem(
                            node,
                            "file",
                            "format",
                            "unsupported format " + node.value() + " (this version reads " + FORMAT_VERSION + ")");
                }
            } else if (node.key().startsWith("segment ") && node.value() == null) {
                segment(node).ifPresent(segments::add);
            } else if (node.key().startsWith("campaign ") && node.value() == null) {
                campaign(node).ifPresent(campaigns::add);
            } else {
                problemAtKey(node, "file", node.key(), "expected 'format: 1', 'segment NAME' or 'campaign NAME'");
            }
        }
        if (!formatSeen) {
            problems.add(new DefinitionProblem(1, 1, "file", "format", "missing 'format: " + FORMAT_VERSION + "'"));
        }
        if (problems.isEmpty()) {
            for (DefinitionProblem p : CampaignCatalog.validate(segments, campaigns)) {
                String topField = p.field().split("\\.")[0];
                Node node =
                        nodeOfField.getOrDefault(p.definition() + "|" + topField, nodeOfDefinition.get(p.definition()));
                problems.add(
                        node == null
                                ? p
                                : new DefinitionProblem(
                                        node.line(), node.column(), p.definition(), p.field(), p.reason()));
            }
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparingInt(DefinitionProblem::line).thenComparingInt(DefinitionProblem::column));
            throw new InvalidCampaignDefinition(problems);
        }
        return new CampaignCatalog(segments, campaigns);
    }

    private List<Node> structure(String text) {
        List<Node> roots = new ArrayList<>();
        List<Node> stack = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String raw = lines[i];
            String trimmed = raw.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int line = i + 1;
            if (raw.indexOf('\t') >= 0
                    && raw.indexOf('\t') < raw.length() - raw.stripLeading().length()) {
                problems.add(new DefinitionProblem(
                        line, raw.indexOf('\t') + 1, "file", "indentation", "use spaces, not tabs"));
                continue;
            }
            int spaces = raw.length() - raw.stripLeading().length();
            if (spaces % 2 != 0) {
                problems.add(new DefinitionProblem(
                        line, spaces + 1, "file", "indentation", "indent by two spaces per level"));
                continue;
            }
            int indent = spaces / 2;
            while (!stack.isEmpty() && stack.get(stack.size() - 1).indent() >= indent) {
                stack.remove(stack.size() - 1);
            }
            int expectedMax = stack.isEmpty() ? 0 : stack.get(stack.size() - 1).indent() + 1;
            if (indent > expectedMax) {
                problems.add(new DefinitionProblem(line, spaces + 1, "file", "indentation", "indented too deep"));
                continue;
            }
            int colon = trimmed.indexOf(':');
            String key = trimmed;
            String value = null;
            int keyColumn = spaces + 1;
            int valueColumn = keyColumn;
            if (colon > 0 && KEY.matcher(trimmed.substring(0, colon)).matches()) {
                key = trimmed.substring(0, colon);
                String afterColon = trimmed.substring(colon + 1);
                value = afterColon.strip();
                valueColumn = keyColumn
                        + colon
                        + 1
                        + (afterColon.length() - afterColon.stripLeading().length());
            }
            Node node = new Node(line, indent, keyColumn, valueColumn, key, value, new ArrayList<>());
            if (stack.isEmpty()) {
                roots.add(node);
            } else {
                stack.get(stack.size() - 1).children().add(node);
            }
            stack.add(node);
        }
        return roots;
    }

    private Optional<Segment> segment(Node node) {
        String name = node.key().substring("segment ".length()).strip();
        String where = "segment " + name;
        if (!checkName(node, where, name)) {
            return Optional.empty();
        }
        if (isDuplicate(node, where)) {
            return Optional.empty();
        }
        String description = null;
        Condition condition = null;
        for (Node child : node.children()) {
            nodeOfField.putIfAbsent(where + "|" + child.key(), child);
            switch (child.key()) {
                case "description" -> description = child.value();
                case "when" -> condition = condition(child, where, "when", ConditionScope.STATE_ONLY);
                default -> problemAtKey(child, where, child.key(), "unknown field (expected description or when)");
            }
        }
        if (condition == null) {
            if (node.children().stream().noneMatch(c -> c.key().equals("when"))) {
                problem(node, where, "when", "missing");
            }
            return Optional.empty();
        }
        return Optional.of(new Segment(name, description, condition));
    }

    private Optional<Campaign> campaign(Node node) {
        String id = node.key().substring("campaign ".length()).strip();
        String where = "campaign " + id;
        if (!checkName(node, where, id)) {
            return Optional.empty();
        }
        if (isDuplicate(node, where)) {
            return Optional.empty();
        }
        int before = problems.size();
        String description = null;
        Trigger trigger = null;
        Node audienceNode = null;
        Node messageNode = null;
        List<Guard> guards = new ArrayList<>();
        for (Node child : node.children()) {
            nodeOfField.putIfAbsent(where + "|" + child.key(), child);
            switch (child.key()) {
                case "description" -> description = child.value();
                case "trigger" -> trigger = trigger(child, where);
                case "audience" -> audienceNode = child;
                case "message" -> messageNode = child;
                case "guards" -> guards(child, where, guards);
                default ->
                    problemAtKey(
                            child,
                            where,
                            child.key(),
                            "unknown field (expected description, trigger, audience, message " + "or guards)");
            }
        }
        boolean hasTrigger = node.children().stream().anyMatch(c -> c.key().equals("trigger"));
        if (!hasTrigger) {
            problem(node, where, "trigger", "missing");
        }
        ConditionScope scope = scopeOf(trigger);
        Condition audience =
                audienceNode == null ? Condition.ALWAYS : condition(audienceNode, where, "audience", scope);
        MessageTemplate message = null;
        if (messageNode == null) {
            problem(node, where, "message", "missing");
        } else {
            message = message(messageNode, where, scope);
        }
        if (problems.size() > before || trigger == null || audience == null || message == null) {
            return Optional.empty();
        }
        return Optional.of(new Campaign(id, description, trigger, audience, message, guards));
    }

    private static ConditionScope scopeOf(Trigger trigger) {
        if (trigger instanceof Trigger.OnEvent onEvent) {
            return ConditionScope.forEventType(onEvent.eventType());
        }
        if (trigger instanceof Trigger.AfterAbsence absence) {
            return ConditionScope.forEventType(absence.startType());
        }
        return ConditionScope.ANY_EVENT;
    }

    private Trigger trigger(Node node, String where) {
        String value = requireValue(node, where, "trigger");
        if (value == null) {
            return null;
        }
        String[] words = value.split("\\s+", 2);
        String rest = words.length > 1 ? words[1].strip() : "";
        switch (words[0]) {
            case "on" -> {
                int at = rest.indexOf(" where ");
                String type = at < 0 ? rest : rest.substring(0, at).strip();
                if (!checkEventType(node, where, type)) {
                    return null;
                }
                Condition filter = at < 0
                        ? Condition.ALWAYS
                        : conditionText(
                                node, where, "trigger", rest.substring(at + 7), ConditionScope.forEventType(type));
                return filter == null ? null : new Trigger.OnEvent(type, filter);
            }
            case "on_segment_entry" -> {
                return checkName(node, where, rest) ? new Trigger.OnSegmentEntry(rest) : null;
            }
            case "after" -> {
                return absence(node, where, rest);
            }
            default -> {
                problem(
                        node,
                        where,
                        "trigger",
                        "expected 'on TYPE [where CONDITION]', 'on_segment_entry SEGMENT' or "
                                + "'after TYPE [where CONDITION] without TYPE[, TYPE...] within DURATION'");
                return null;
            }
        }
    }

    private Trigger absence(Node node, String where, String rest) {
        int without = rest.lastIndexOf(" without ");
        int within = rest.lastIndexOf(" within ");
        if (without < 0 || within < without) {
            problem(
                    node,
                    where,
                    "trigger",
                    "expected 'after TYPE [where CONDITION] without TYPE[, TYPE...] within " + "DURATION'");
            return null;
        }
        String head = rest.substring(0, without).strip();
        int whereAt = head.indexOf(" where ");
        String startType = whereAt < 0 ? head : head.substring(0, whereAt).strip();
        if (!checkEventType(node, where, startType)) {
            return null;
        }
        Condition startWhere = whereAt < 0
                ? Condition.ALWAYS
                : conditionText(
                        node, where, "trigger", head.substring(whereAt + 7), ConditionScope.forEventType(startType));
        List<String> cancelTypes = new ArrayList<>();
        for (String type : rest.substring(without + 9, within).split(",")) {
            String trimmed = type.strip();
            if (!checkEventType(node, where, trimmed)) {
                return null;
            }
            cancelTypes.add(trimmed);
        }
        String windowText = rest.substring(within + 8).strip();
        Optional<Duration> window = Durations.parse(windowText);
        if (window.isEmpty()) {
            problem(node, where, "trigger", "not a duration: '" + windowText + "' (use e.g. 30m, 24h, 7d)");
            return null;
        }
        return startWhere == null ? null : new Trigger.AfterAbsence(startType, startWhere, cancelTypes, window.get());
    }

    private MessageTemplate message(Node node, String where, ConditionScope scope) {
        if (node.value() != null && !node.value().isEmpty()) {
            problem(node, where, "message", "put channel, template and offer on indented lines below 'message:'");
            return null;
        }
        Channel channel = null;
        String template = null;
        String offer = null;
        Node templateNode = null;
        for (Node child : node.children()) {
            switch (child.key()) {
                case "channel" -> {
                    String value = requireValue(child, where, "message.channel");
                    if (value != null) {
                        channel = Channel.fromWireName(value).orElse(null);
                        if (channel == null) {
                            problem(
                                    child,
                                    where,
                                    "message.channel",
                                    "unknown channel '" + value + "' (use push, email, sms, in_app or webhook)");
                        }
                    }
                }
                case "template" -> {
                    template = requireValue(child, where, "message.template");
                    templateNode = child;
                }
                case "offer" -> offer = requireValue(child, where, "message.offer");
                default ->
                    problemAtKey(
                            child,
                            where,
                            "message." + child.key(),
                            "unknown field (expected channel, template " + "or offer)");
            }
        }
        if (channel == null || template == null) {
            if (node.children().stream().noneMatch(c -> c.key().equals("channel"))) {
                problem(node, where, "message.channel", "missing");
            }
            if (templateNode == null) {
                problem(node, where, "message.template", "missing");
            }
            return null;
        }
        if (template.getBytes(StandardCharsets.UTF_8).length > RenderedMessage.MAX_PAYLOAD_BYTES / 2) {
            problem(
                    templateNode,
                    where,
                    "message.template",
                    "longer than " + RenderedMessage.MAX_PAYLOAD_BYTES / 2
                            + " bytes; the rendered payload must stay under " + RenderedMessage.MAX_PAYLOAD_BYTES);
            return null;
        }
        try {
            return MessageTemplate.compile(channel, template, offer, scope);
        } catch (InvalidCondition e) {
            problem(templateNode, where, "message.template", e.getMessage());
            return null;
        }
    }

    private void guards(Node node, String where, List<Guard> guards) {
        for (Node child : node.children()) {
            String field = "guards." + child.key();
            String value = child.value();
            switch (child.key()) {
                case "suppress_after_conversion" -> {
                    if (value != null) {
                        problem(child, where, field, "takes no value");
                    } else {
                        guards.add(new Guard.SuppressAfterConversion());
                    }
                }
                case "consent" -> {
                    if ("opt_in".equals(value) || "opt_out".equals(value)) {
                        guards.add(new Guard.ConsentRequired(value.equals("opt_in")));
                    } else {
                        problem(child, where, field, "expected opt_in or opt_out");
                    }
                }
                case "cooldown" -> {
                    Optional<Duration> period = value == null ? Optional.empty() : Durations.parse(value);
                    if (period.isEmpty() || period.get().isZero()) {
                        problem(child, where, field, "expected a positive duration such as 24h");
                    } else {
                        guards.add(new Guard.Cooldown(period.get()));
                    }
                }
                case "frequency_cap" -> {
                    Matcher m = value == null ? null : CAP.matcher(value);
                    if (m == null || !m.matches() || Integer.parseInt(m.group(1)) < 1) {
                        problem(child, where, field, "expected 'N per day' or 'N per week' with N >= 1");
                    } else {
                        guards.add(new Guard.FrequencyCap(
                                Integer.parseInt(m.group(1)),
                                m.group(2).equals("day") ? Guard.CapPeriod.DAY : Guard.CapPeriod.WEEK));
                    }
                }
                case "quiet_hours" -> quietHours(child, where, field, value).ifPresent(guards::add);
                default ->
                    problem(
                            child,
                            where,
                            field,
                            "unknown guard (expected consent, suppress_after_conversion, "
                                    + "quiet_hours, cooldown or frequency_cap)");
            }
        }
    }

    private Optional<Guard> quietHours(Node node, String where, String field, String value) {
        Matcher m = value == null ? null : QUIET.matcher(value);
        if (m == null || !m.matches()) {
            problem(node, where, field, "expected HH:MM-HH:MM such as 22:00-08:00");
            return Optional.empty();
        }
        try {
            LocalTime start = LocalTime.parse(m.group(1));
            LocalTime end = LocalTime.parse(m.group(2));
            if (start.equals(end)) {
                problem(node, where, field, "start and end must differ");
                return Optional.empty();
            }
            return Optional.of(new Guard.QuietHours(start, end));
        } catch (DateTimeParseException e) {
            problem(node, where, field, "not a time of day: " + value);
            return Optional.empty();
        }
    }

    private Condition condition(Node node, String where, String field, ConditionScope scope) {
        String value = requireValue(node, where, field);
        return value == null ? null : conditionText(node, where, field, value, scope);
    }

    private Condition conditionText(Node node, String where, String field, String text, ConditionScope scope) {
        try {
            return ConditionParser.parse(text, scope);
        } catch (InvalidCondition e) {
            problem(node, where, field, e.getMessage());
            return null;
        }
    }

    private String requireValue(Node node, String where, String field) {
        if (node.value() == null || node.value().isEmpty()) {
            problem(node, where, field, "missing value");
            return null;
        }
        if (!node.children().isEmpty()) {
            problem(
                    node.children().get(0),
                    where,
                    field,
                    "unexpected indented line: " + node.children().get(0).describe());
        }
        return node.value();
    }

    private boolean isDuplicate(Node node, String where) {
        nodeOfDefinition.putIfAbsent(where, node);
        Integer first = lineOfDefinition.putIfAbsent(where, node.line());
        if (first != null) {
            problem(node, where, "name", "defined twice (first at line " + first + ")");
            return true;
        }
        return false;
    }

    private boolean checkName(Node node, String where, String name) {
        if (!NAME.matcher(name).matches()) {
            problem(node, where, "name", "'" + name + "' must match " + NAME.pattern());
            return false;
        }
        return true;
    }

    private boolean checkEventType(Node node, String where, String type) {
        if (!NAME.matcher(type).matches()) {
            problem(node, where, "trigger", "'" + type + "' is not an event type name (" + NAME.pattern() + ")");
            return false;
        }
        return true;
    }

    private void problem(Node node, String where, String field, String reason) {
        problems.add(new DefinitionProblem(node.line(), node.column(), where, field, reason));
    }

    /** A problem with the line's key itself (an unknown field): points at the key, not the value. */
    private void problemAtKey(Node node, String where, String field, String reason) {
        problems.add(new DefinitionProblem(node.line(), node.keyColumn(), where, field, reason));
    }
}
