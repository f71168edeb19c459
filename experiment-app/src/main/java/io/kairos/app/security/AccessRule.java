package io.kairos.app.security;

import java.util.Objects;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/** One row of the access table: requests of {@code method} (null: any) to {@code pattern} need {@code access}. */
public record AccessRule(HttpMethod method, String pattern, Access access) {

    private static final PathPatternParser PARSER = PathPatternParser.defaultInstance;

    public AccessRule {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(access, "access");
    }

    /** Whether this rule covers a request of {@code requestMethod} to {@code path}. */
    public boolean covers(String requestMethod, String path) {
        PathPattern parsed = PARSER.parse(pattern);
        return (method == null || method.matches(requestMethod)) && parsed.matches(PathContainer.parsePath(path));
    }
}
