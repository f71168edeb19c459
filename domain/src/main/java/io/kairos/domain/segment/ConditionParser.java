package io.kairos.domain.segment;

import io.kairos.domain.event.PropertyType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Parses and type-checks the condition language of campaign files.
 *
 * <pre>
 * condition  := and ("or" and)*
 * and        := unary ("and" unary)*
 * unary      := "not" unary | "(" condition ")" | count | segment | comparison
 * count      := "count" "(" TYPE ["where" condition] "within" DURATION ")" OPERATOR NUMBER
 * segment    := "in_segment" "(" NAME ")"
 * comparison := FIELD OPERATOR literal
 * FIELD      := state metric, optionally windowed (state.spend[24h]) | event.PROPERTY | user.id
 * literal    := NUMBER | DURATION (30m, 24h, 7d) | "string" | true | false
 * OPERATOR   := == | != | &lt; | &lt;= | &gt; | &gt;=
 * </pre>
 */
public final class ConditionParser {

    private final List<Token> tokens;
    private int position;

    private ConditionParser(String text) {
        this.tokens = tokenize(text);
    }

    /** Parses {@code text} in a scope, or throws {@link InvalidCondition} with the reason. */
    public static Condition parse(String text, ConditionScope scope) {
        if (text == null || text.isBlank()) {
            throw new InvalidCondition("empty condition");
        }
        ConditionParser parser = new ConditionParser(text);
        Condition condition = parser.or(scope);
        if (parser.peek().kind() != Kind.END) {
            throw new InvalidCondition("unexpected '" + parser.peek().text() + "' at column "
                    + parser.peek().column());
        }
        return condition;
    }

    /** Parses a field reference such as {@code state.cart.value} or {@code event.category} in a scope. */
    public static Field parseField(String text, ConditionScope scope) {
        ConditionParser parser = new ConditionParser(text);
        Field field = parser.field(scope);
        if (parser.peek().kind() != Kind.END) {
            throw new InvalidCondition("unexpected '" + parser.peek().text() + "' after field " + field.path());
        }
        return field;
    }

    private Condition or(ConditionScope scope) {
        List<Condition> parts = new ArrayList<>();
        parts.add(and(scope));
        while (acceptWord("or")) {
            parts.add(and(scope));
        }
        return parts.size() == 1 ? parts.get(0) : new Condition.Any(parts);
    }

    private Condition and(ConditionScope scope) {
        List<Condition> parts = new ArrayList<>();
        parts.add(unary(scope));
        while (acceptWord("and")) {
            parts.add(unary(scope));
        }
        return parts.size() == 1 ? parts.get(0) : new Condition.All(parts);
    }

    private Condition unary(ConditionScope scope) {
        if (acceptWord("not")) {
            return new Condition.Not(unary(scope));
        }
        if (accept(Kind.OPEN)) {
            Condition inner = or(scope);
            expect(Kind.CLOSE, "')'");
            return inner;
        }
        if (acceptWord("count")) {
            return count();
        }
        if (acceptWord("in_segment")) {
            expect(Kind.OPEN, "'(' after in_segment");
            String name = expect(Kind.WORD, "a segment name").text();
            expect(Kind.CLOSE, "')'");
            return new Condition.InSegment(name);
        }
        return comparison(scope);
    }

    private Condition count() {
        expect(Kind.OPEN, "'(' after count");
        String type = expect(Kind.WORD, "an event type").text();
        Condition filter = Condition.ALWAYS;
        if (acceptWord("where")) {
            filter = or(ConditionScope.forEventType(type));
        }
        if (!acceptWord("within")) {
            throw new InvalidCondition("count(" + type + " ...) needs 'within' and a window such as 1h");
        }
        Duration window = duration(expect(Kind.DURATION, "a window such as 1h"));
        expect(Kind.CLOSE, "')'");
        Operator operator = operator();
        Token number = expect(Kind.NUMBER, "a number to compare the count with");
        return new Condition.CountWithin(type, filter, window, operator, Double.parseDouble(number.text()));
    }

    private Condition comparison(ConditionScope scope) {
        Field field = field(scope);
        Operator operator = operator();
        Token token = next();
        Object literal;
        ValueType literalType;
        switch (token.kind()) {
            case NUMBER -> {
                literal = Double.parseDouble(token.text());
                literalType = ValueType.NUMBER;
            }
            case DURATION -> {
                literal = duration(token);
                literalType = ValueType.DURATION;
            }
            case STRING -> {
                literal = token.text();
                literalType = ValueType.STRING;
            }
            case WORD -> {
                if (!token.text().equals("true") && !token.text().equals("false")) {
                    throw new InvalidCondition("expected a number, a duration, a \"string\", true or false after "
                            + field.path() + " " + operator.symbol() + " but found '" + token.text() + "'");
                }
                literal = Boolean.valueOf(token.text());
                literalType = ValueType.BOOLEAN;
            }
            default ->
                throw new InvalidCondition("expected a value after " + field.path() + " " + operator.symbol()
                        + " at column " + token.column());
        }
        if (field.type() != ValueType.ANY && field.type() != literalType) {
            throw new InvalidCondition(field.path() + " is a " + name(field.type()) + " and cannot be compared with a "
                    + name(literalType));
        }
        if (operator.isOrdering() && (literalType == ValueType.STRING || literalType == ValueType.BOOLEAN)) {
            throw new InvalidCondition(
                    "operator " + operator.symbol() + " needs a number or a duration, not a " + name(literalType));
        }
        return new Condition.Compare(field, operator, literal);
    }

    private Field field(ConditionScope scope) {
        Token token = expect(Kind.WORD, "a field such as state.cart.value or event.category");
        String path = token.text();
        if (path.startsWith("event.")) {
            return eventField(path.substring("event.".length()), scope);
        }
        Optional<StateMetric> metric = StateMetric.fromPath(path);
        if (metric.isEmpty()) {
            throw new InvalidCondition("unknown field " + path);
        }
        Duration window = null;
        if (accept(Kind.OPEN_BRACKET)) {
            if (!metric.get().windowable()) {
                throw new InvalidCondition(path + " does not take a window");
            }
            window = duration(expect(Kind.DURATION, "a window such as 24h"));
            expect(Kind.CLOSE_BRACKET, "']'");
        }
        return new Field.StateField(metric.get(), window);
    }

    private static Field eventField(String property, ConditionScope scope) {
        if (!scope.eventFields()) {
            throw new InvalidCondition("event.* fields are not available here (segments read user state only)");
        }
        if (property.equals("type")) {
            return new Field.EventField("type", ValueType.STRING);
        }
        if (scope.eventProperties() == null) {
            return new Field.EventField(property, ValueType.ANY);
        }
        PropertyType type = scope.eventProperties().get(property);
        if (type == null) {
            throw new InvalidCondition("event." + property + " is not a property of " + scope.eventType()
                    + " (it has: "
                    + String.join(
                            ", ",
                            scope.eventProperties().keySet().stream().sorted().toList())
                    + ")");
        }
        return new Field.EventField(
                property,
                switch (type) {
                    case STRING -> ValueType.STRING;
                    case NUMBER -> ValueType.NUMBER;
                    case BOOLEAN -> ValueType.BOOLEAN;
                });
    }

    private Operator operator() {
        Token token = next();
        if (token.kind() != Kind.OPERATOR) {
            throw new InvalidCondition("expected an operator (== != < <= > >=) at column " + token.column()
                    + " but found '" + token.text() + "'");
        }
        return Operator.fromSymbol(token.text()).orElseThrow();
    }

    private static Duration duration(Token token) {
        return Durations.parse(token.text()).orElseThrow(() -> new InvalidCondition("not a duration: " + token.text()));
    }

    private static String name(ValueType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    private Token peek() {
        return tokens.get(position);
    }

    private Token next() {
        Token token = tokens.get(position);
        if (token.kind() != Kind.END) {
            position++;
        }
        return token;
    }

    private boolean accept(Kind kind) {
        if (peek().kind() == kind) {
            position++;
            return true;
        }
        return false;
    }

    private boolean acceptWord(String word) {
        if (peek().kind() == Kind.WORD && peek().text().equals(word)) {
            position++;
            return true;
        }
        return false;
    }

    private Token expect(Kind kind, String what) {
        Token token = next();
        if (token.kind() != kind) {
            String found = token.kind() == Kind.END ? "the end" : "'" + token.text() + "'";
            throw new InvalidCondition("expected " + what + " at column " + token.column() + " but found " + found);
        }
        return token;
    }

    private enum Kind {
        WORD,
        NUMBER,
        DURATION,
        STRING,
        OPERATOR,
        OPEN,
        CLOSE,
        OPEN_BRACKET,
        CLOSE_BRACKET,
        END
    }

    private record Token(Kind kind, String text, int column) {}

    private static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            int column = i + 1;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == '[' || c == ']') {
                Kind kind = c == '('
                        ? Kind.OPEN
                        : c == ')' ? Kind.CLOSE : c == '[' ? Kind.OPEN_BRACKET : Kind.CLOSE_BRACKET;
                tokens.add(new Token(kind, String.valueOf(c), column));
                i++;
            } else if (c == '"') {
                StringBuilder value = new StringBuilder();
                i++;
                while (i < n && text.charAt(i) != '"') {
                    if (text.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    value.append(text.charAt(i));
                    i++;
                }
                if (i >= n) {
                    throw new InvalidCondition("unterminated string starting at column " + column);
                }
                i++;
                tokens.add(new Token(Kind.STRING, value.toString(), column));
            } else if ("=!<>".indexOf(c) >= 0) {
                int end = i + 1 < n && text.charAt(i + 1) == '=' ? i + 2 : i + 1;
                String symbol = text.substring(i, end);
                if (Operator.fromSymbol(symbol).isEmpty()) {
                    throw new InvalidCondition(
                            "unknown operator '" + symbol + "' at column " + column + " (use == != < <= > >=)");
                }
                tokens.add(new Token(Kind.OPERATOR, symbol, column));
                i = end;
            } else if (Character.isDigit(c) || (c == '-' && i + 1 < n && Character.isDigit(text.charAt(i + 1)))) {
                int end = i + 1;
                while (end < n && (Character.isDigit(text.charAt(end)) || text.charAt(end) == '.')) {
                    end++;
                }
                if (end < n
                        && "smhdw".indexOf(text.charAt(end)) >= 0
                        && (end + 1 >= n || !Character.isLetterOrDigit(text.charAt(end + 1)))) {
                    tokens.add(new Token(Kind.DURATION, text.substring(i, end + 1), column));
                    i = end + 1;
                } else {
                    String number = text.substring(i, end);
                    try {
                        Double.parseDouble(number);
                    } catch (NumberFormatException e) {
                        throw new InvalidCondition("not a number: " + number + " at column " + column);
                    }
                    tokens.add(new Token(Kind.NUMBER, number, column));
                    i = end;
                }
            } else if (Character.isLetter(c) || c == '_') {
                int end = i + 1;
                while (end < n
                        && (Character.isLetterOrDigit(text.charAt(end))
                                || text.charAt(end) == '_'
                                || text.charAt(end) == '.')) {
                    end++;
                }
                tokens.add(new Token(Kind.WORD, text.substring(i, end), column));
                i = end;
            } else {
                throw new InvalidCondition("unexpected character '" + c + "' at column " + column);
            }
        }
        tokens.add(new Token(Kind.END, "", n + 1));
        return tokens;
    }
}
