package io.kairos.domain.campaign;

/**
 * One reason a campaign definition was rejected.
 *
 * @param line the 1-based line in the campaign file, or 0 when the definition did not come from a file
 * @param definition the campaign or segment concerned ({@code campaign cart_abandonment}), or {@code file}
 * @param field the field concerned, e.g. {@code audience} or {@code guards.cooldown}
 * @param reason why, in words a marketer can act on
 */
public record DefinitionProblem(int line, String definition, String field, String reason) {

    @Override
    public String toString() {
        return (line > 0 ? "line " + line + ": " : "") + definition + ", " + field + ": " + reason;
    }
}
