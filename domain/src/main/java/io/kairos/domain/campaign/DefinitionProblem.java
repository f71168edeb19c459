package io.kairos.domain.campaign;

/**
 * One reason a campaign definition was rejected.
 *
 * @param line the 1-based line in the campaign file, or 0 when the definition did not come from a file
 * @param column the 1-based column in that line where the offending text starts (the value when the line has one,
 *     else the key), or 0 when unknown
 * @param definition the campaign or segment concerned ({@code campaign cart_abandonment}), or {@code file}
 * @param field the field concerned, e.g. {@code audience} or {@code guards.cooldown}
 * @param reason why, in words a marketer can act on
 */
public record DefinitionProblem(int line, int column, String definition, String field, String reason) {

    /** A problem without a known column. */
    public DefinitionProblem(int line, String definition, String field, String reason) {
        this(line, 0, definition, field, reason);
    }

    @Override
    public String toString() {
        String where = line > 0 ? "line " + line + (column > 0 ? ", column " + column : "") + ": " : "";
        return where + definition + ", " + field + ": " + reason;
    }
}
