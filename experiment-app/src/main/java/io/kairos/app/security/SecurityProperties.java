package io.kairos.app.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the HTTP side's security ({@code kairos.security.*}).
 *
 * @param allowedOrigins the web origins (e.g. {@code https://shop.example.com}) whose pages may send events to the
 *     collector and load the SDK from a browser; none by default
 * @param openMetrics whether {@code /actuator/prometheus} is open to anyone (default: it needs a read key)
 * @param oidc how the roles are read from an identity provider's access tokens, in the OAuth2/OIDC resource-server
 *     mode (on when {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code jwk-set-uri} is set)
 */
@ConfigurationProperties("kairos.security")
public record SecurityProperties(
        @DefaultValue List<String> allowedOrigins,
        @DefaultValue("false") boolean openMetrics,
        @DefaultValue Oidc oidc) {

    /**
     * Where a token carries its Kairos roles.
     *
     * @param rolesClaim the claim holding the roles, a dotted path for a nested one (Keycloak's
     *     {@code realm_access.roles}); a list of strings or one space-separated string (as {@code scope} is)
     * @param rolePrefix the prefix of the Kairos roles among the claim's values ({@code kairos:} makes
     *     {@code kairos:read} the read role); other values are ignored
     */
    public record Oidc(
            @DefaultValue("roles") String rolesClaim,
            @DefaultValue("") String rolePrefix) {}
}
