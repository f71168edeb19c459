package io.kairos.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kairos.domain.access.Role;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/** How the roles of an identity provider's token are read: the claim path, the prefix, list or string values. */
class JwtRolesTest {

    @Test
    void givenTheDefaultClaim_whenTheTokenListsRoles_thenTheKairosOnesAreGrantedAndAdminReads() {
        JwtRoles roles = new JwtRoles(new SecurityProperties.Oidc("roles", ""));
        Jwt jwt = jwt(Map.of("roles", List.of("ADMIN", "offline_access", "uma_authorization")));

        assertThat(roles.roles(jwt)).containsExactly(Role.ADMIN);
        assertThat(roles.convert(jwt).getAuthorities())
                .extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_READ", "ROLE_ADMIN");
        assertThat(roles.convert(jwt).getName()).isEqualTo("someone");
    }

    @Test
    void givenKeycloaksNestedRealmRolesWithAPrefix_whenRead_thenOnlyPrefixedRolesCount() {
        JwtRoles roles = new JwtRoles(new SecurityProperties.Oidc("realm_access.roles", "kairos-"));

        assertThat(roles.roles(
                        jwt(Map.of("realm_access", Map.of("roles", List.of("kairos-read", "read", "kairos-x"))))))
                .containsExactly(Role.READ);
        assertThat(roles.roles(jwt(Map.of("realm_access", "not an object")))).isEmpty();
        assertThat(roles.roles(jwt(Map.of("other", 1)))).isEmpty();
    }

    @Test
    void givenScopesAsOneSpaceSeparatedString_whenRead_thenEachScopeIsAValue() {
        JwtRoles roles = new JwtRoles(new SecurityProperties.Oidc("scope", "kairos:"));

        assertThat(roles.roles(jwt(Map.of("scope", "openid profile kairos:ingest  kairos:read"))))
                .containsExactlyInAnyOrder(Role.INGEST, Role.READ);
    }

    @Test
    void givenABlankClaimName_whenConfigured_thenRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new JwtRoles(new SecurityProperties.Oidc(" ", "")))
                .hasMessageContaining("kairos.security.oidc.roles-claim");
    }

    static Jwt jwt(Map<String, Object> claims) {
        Jwt.Builder builder = Jwt.withTokenValue("token")
                .header("alg", "RS256")
                .subject("someone")
                .issuedAt(Instant.parse("2026-12-07T00:00:00Z"))
                .expiresAt(Instant.parse("2026-12-07T01:00:00Z"));
        claims.forEach(builder::claim);
        return builder.build();
    }
}
