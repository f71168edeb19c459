package io.kairos.app.security;

import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpMethod;

/**
 * The access table of {@code kairos serve}, first match wins; an address no row names is {@link Access#DENIED}. The
 * dashboard's pages and scripts are open because a browser's navigation cannot carry a key: they hold no data, and
 * their scripts ask for a read key before they call the API.
 */
public final class AccessRules {

    private final List<AccessRule> rules;

    private AccessRules(List<AccessRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The table; {@code openMetrics} lets anyone read {@code /actuator/prometheus} (default: a read key). */
    public static AccessRules standard(boolean openMetrics) {
        return new AccessRules(List.of(
                new AccessRule(HttpMethod.GET, "/", Access.OPEN),
                new AccessRule(HttpMethod.GET, "/*.html", Access.OPEN),
                new AccessRule(HttpMethod.GET, "/*.js", Access.OPEN),
                new AccessRule(HttpMethod.GET, "/*.css", Access.OPEN),
                new AccessRule(HttpMethod.GET, "/favicon.ico", Access.OPEN),
                new AccessRule(HttpMethod.GET, "/webjars/**", Access.OPEN),
                new AccessRule(HttpMethod.GET, "/experiments/{key}", Access.OPEN),
                new AccessRule(HttpMethod.GET, "/sdk/**", Access.OPEN),
                new AccessRule(HttpMethod.GET, "/demo/**", Access.OPEN),
                new AccessRule(HttpMethod.GET, "/actuator/health", Access.OPEN),
                new AccessRule(HttpMethod.GET, "/actuator/health/**", Access.OPEN),
                new AccessRule(null, "/error", Access.OPEN),
                new AccessRule(HttpMethod.POST, "/api/v1/events", Access.INGEST),
                new AccessRule(HttpMethod.GET, "/api/v1/inbox", Access.INGEST),
                new AccessRule(HttpMethod.GET, "/actuator/prometheus", openMetrics ? Access.OPEN : Access.READ),
                new AccessRule(HttpMethod.GET, "/api/experiments", Access.READ),
                new AccessRule(HttpMethod.GET, "/api/experiments/**", Access.READ),
                new AccessRule(null, "/api/experiments", Access.ADMIN),
                new AccessRule(null, "/api/experiments/**", Access.ADMIN),
                new AccessRule(HttpMethod.GET, "/api/campaigns/**", Access.READ),
                new AccessRule(HttpMethod.GET, "/api/audit", Access.READ),
                new AccessRule(null, "/api/campaigns/**", Access.ADMIN),
                new AccessRule(null, "/api/admin/**", Access.ADMIN),
                new AccessRule(null, "/actuator/**", Access.ADMIN)));
    }

    /** The rows, in order. */
    public List<AccessRule> rules() {
        return rules;
    }

    /** The first row covering a request, if any. */
    public Optional<AccessRule> ruleFor(String method, String path) {
        return rules.stream().filter(rule -> rule.covers(method, path)).findFirst();
    }

    /** What a request needs: its first row's access, or {@link Access#DENIED} when no row names it. */
    public Access accessFor(String method, String path) {
        return ruleFor(method, path).map(AccessRule::access).orElse(Access.DENIED);
    }
}
