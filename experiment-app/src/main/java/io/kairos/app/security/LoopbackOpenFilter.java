package io.kairos.app.security;

import io.kairos.domain.access.Role;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Set;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The open mode of a server bound to the loopback address with no key created: a request without a key is let
 * through with every role, but only when it names a loopback host (a page on another site that rebinds its name to
 * 127.0.0.1 is refused) and, when it changes something, comes from no other web origin (no cross-site forms).
 */
final class LoopbackOpenFilter extends OncePerRequestFilter {

    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SecurityContextHolder.getContext().getAuthentication() == null
                && LOOPBACK_HOSTS.contains(request.getServerName())
                && (SAFE_METHODS.contains(request.getMethod()) || fromNoOtherOrigin(request))) {
            SecurityContextHolder.getContext().setAuthentication(new LoopbackUser());
        }
        chain.doFilter(request, response);
    }

    private static boolean fromNoOtherOrigin(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        try {
            URI uri = URI.create(origin);
            return LOOPBACK_HOSTS.contains(uri.getHost()) && uri.getPort() == request.getServerPort();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The local user of the open mode: every role. */
    static final class LoopbackUser extends AbstractAuthenticationToken {
        LoopbackUser() {
            super(java.util.Arrays.stream(Role.values())
                    .map(role -> new SimpleGrantedAuthority("ROLE_" + role.name()))
                    .toList());
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return null;
        }

        @Override
        public Object getPrincipal() {
            return "loopback (no key created)";
        }
    }
}
