package io.kairos.app.security;

import io.kairos.domain.access.ApiKey;
import io.kairos.domain.access.ApiKeys;
import io.kairos.domain.access.Role;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
 * Reads the API key of a request ({@code Authorization: Bearer <key>} or {@code X-Kairos-Key}) and authenticates the
 * request with the key's role; a key that is presented but unknown or revoked is answered 401 at once. Without a key
 * the request goes on anonymous, and the access table decides.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    static final String KEY_HEADER = "X-Kairos-Key";
    private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthenticationFilter.class);

    private final ApiKeys keys;

    ApiKeyAuthenticationFilter(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = presentedKey(request);
        if (presented == null) {
            chain.doFilter(request, response);
            return;
        }
        ApiKeys.Check check = keys.check(presented);
        if (check instanceof ApiKeys.Check.Accepted accepted) {
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

    private static String presentedKey(HttpServletRequest request) {
        String header = request.getHeader(KEY_HEADER);
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
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
