package io.kairos.app.security;

import io.kairos.domain.access.ApiKey;
import io.kairos.domain.access.ApiKeys;
import io.kairos.domain.access.Role;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the API key of a request ({@code Authorization: Bearer <key>} or {@code X-Kairos-Key}; for the collector also
 * an ingest key in the {@code key} query parameter, as a browser's beacon sends it) and authenticates the
 * request with the key's role; a key that is presented but unknown or revoked is answered 401 at once. Without a key
 * the request goes on anonymous, and the access table decides.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    static final String KEY_HEADER = "X-Kairos-Key";
    static final String COLLECTOR_PATH = "/api/v1/events";
    static final String INBOX_PATH = "/api/v1/inbox";
    private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthenticationFilter.class);

    private final ApiKeys keys;
    private final boolean tokensElsewhere;

    /**
     * A filter of {@code keys}; with {@code tokensElsewhere} (the resource-server mode) a bearer value shaped like a
     * JWT is left to the identity provider's verification instead of being checked as a key.
     */
    ApiKeyAuthenticationFilter(ApiKeys keys, boolean tokensElsewhere) {
        this.keys = keys;
        this.tokensElsewhere = tokensElsewhere;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = presentedKey(request);
        boolean inAddress = false;
        if (presented == null) {
            presented = keyInAddress(request);
            inAddress = presented != null;
        }
        if (presented == null) {
            chain.doFilter(request, response);
            return;
        }
        ApiKeys.Check check = keys.check(presented);
        if (inAddress
                && check instanceof ApiKeys.Check.Accepted accepted
                && accepted.key().role() != Role.INGEST) {
            log.info(
                    "Refused {} {}: a {} key in the address",
                    request.getMethod(),
                    request.getRequestURI(),
                    accepted.key().role());
            JsonErrors.write(response, 401, JsonErrors.KEY_IN_ADDRESS);
        } else if (check instanceof ApiKeys.Check.Accepted accepted) {
            SecurityContextHolder.getContext().setAuthentication(new KeyAuthentication(accepted.key()));
            chain.doFilter(request, response);
        } else {
            log.info(
                    "Refused {} {}: {}",
                    request.getMethod(),
                    request.getRequestURI(),
                    ((ApiKeys.Check.Refused) check).reason());
            JsonErrors.write(response, 401, JsonErrors.BAD_KEY);
        }
    }

    private String presentedKey(HttpServletRequest request) {
        String header = request.getHeader(KEY_HEADER);
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String bearer = authorization.substring(7).trim();
            return tokensElsewhere && looksLikeJwt(bearer) ? null : bearer;
        }
        return null;
    }

    /** Whether a bearer value has a JWT's three dot-separated parts (an API key has no dot). */
    static boolean looksLikeJwt(String bearer) {
        return !bearer.startsWith(ApiKeys.SCHEME)
                && bearer.chars().filter(c -> c == '.').count() == 2;
    }

    /**
     * The {@code key} query parameter of a post to the collector or of the in-app channel's WebSocket handshake:
     * what {@code navigator.sendBeacon} and a browser's {@code WebSocket}, which cannot set headers, send. Only an
     * ingest key (publishable by design) is taken there; the query string is read directly so that no body is
     * consumed.
     */
    private static String keyInAddress(HttpServletRequest request) {
        boolean collector = "POST".equals(request.getMethod()) && COLLECTOR_PATH.equals(request.getRequestURI());
        boolean inbox = "GET".equals(request.getMethod()) && INBOX_PATH.equals(request.getRequestURI());
        if (!(collector || inbox) || request.getQueryString() == null) {
            return null;
        }
        for (String pair : request.getQueryString().split("&")) {
            if (pair.startsWith("key=") && pair.length() > 4) {
                return URLDecoder.decode(pair.substring(4), StandardCharsets.UTF_8)
                        .trim();
            }
        }
        return null;
    }

    /** The authorities a role grants: its own, and {@code ROLE_READ} for an admin. */
    static List<GrantedAuthority> authorities(Role role) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        for (Role granted : Role.values()) {
            if (role.grants(granted)) {
                authorities.add(new SimpleGrantedAuthority("ROLE_" + granted.name()));
            }
        }
        return authorities;
    }

    /** A request authenticated by an API key; its name is the key's prefix, never the key. */
    static final class KeyAuthentication extends AbstractAuthenticationToken {
        private final ApiKey key;

        KeyAuthentication(ApiKey key) {
            super(authorities(key.role()));
            this.key = key;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return null;
        }

        @Override
        public Object getPrincipal() {
            return key.prefix() + " (" + key.name() + ")";
        }
    }
}
