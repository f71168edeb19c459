package io.kairos.app.security;

import io.kairos.domain.access.Role;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The Kairos roles of an identity provider's access token, in the resource-server mode: the values of one claim (a
 * dotted path reaches a nested one), those that start with the configured prefix and name a role once it is removed
 * ({@code ingest}, {@code read}, {@code admin}, any case); other values are ignored. The roles grant what an API key
 * of the same role grants (an admin reads too). A token without any Kairos role authenticates but may do nothing
 * protected: 403.
 */
final class JwtRoles implements Converter<Jwt, AbstractAuthenticationToken> {

    private final List<String> claimPath;
    private final String prefix;

    JwtRoles(SecurityProperties.Oidc settings) {
        Objects.requireNonNull(settings, "settings");
        if (settings.rolesClaim().isBlank()) {
            throw new IllegalArgumentException("kairos.security.oidc.roles-claim must name a claim, e.g. roles");
        }
        this.claimPath = List.of(settings.rolesClaim().trim().split("\\."));
        this.prefix = settings.rolePrefix();
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        Set<GrantedAuthority> authorities = new LinkedHashSet<>();
        for (Role role : roles(jwt)) {
            authorities.addAll(ApiKeyAuthenticationFilter.authorities(role));
        }
        return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
    }

    /** The Kairos roles the token carries. */
    Set<Role> roles(Jwt jwt) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String value : values(jwt.getClaims())) {
            if (!value.regionMatches(true, 0, prefix, 0, prefix.length())) {
                continue;
            }
            String name = value.substring(prefix.length()).toUpperCase(Locale.ROOT);
            for (Role role : Role.values()) {
                if (role.name().equals(name)) {
                    roles.add(role);
                }
            }
        }
        return roles;
    }

    private List<String> values(Map<String, Object> claims) {
        Object node = claims;
        for (String step : claimPath) {
            if (!(node instanceof Map<?, ?> map)) {
                return List.of();
            }
            node = map.get(step);
        }
        List<String> values = new ArrayList<>();
        if (node instanceof String text) {
            values.addAll(List.of(text.trim().split("\\s+")));
        } else if (node instanceof Collection<?> items) {
            for (Object item : items) {
                if (item instanceof String text) {
                    values.add(text.trim());
                }
            }
        }
        return values;
    }
}
