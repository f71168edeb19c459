package io.kairos.app.security;

import io.kairos.domain.access.ApiKeys;
import io.kairos.persistence.store.PostgresApiKeyStore;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Spring Security for {@code kairos serve}: every request is matched against {@link AccessRules}; API keys from
 * PostgreSQL authenticate; CORS lets only the configured origins call the collector; the dashboard gets a strict
 * content security policy. With no key created the server is open, but only on a loopback address: it refuses to
 * start on any other. When an identity provider is configured (a {@link JwtDecoder}, which Spring Boot makes from
 * {@code spring.security.oauth2.resourceserver.jwt.*}), its bearer tokens authenticate too, with the roles of
 * {@link JwtRoles}, and the server is never open.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties(SecurityProperties.class)
public class HttpSecurityConfiguration {

    /** The dashboard's pages load scripts, styles and data from this server only (ECharts is served locally). */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'"
            + " 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self';"
            + " form-action 'self'; frame-ancestors 'none'";

    private static final Logger log = LoggerFactory.getLogger(HttpSecurityConfiguration.class);

    @Bean
    ApiKeys apiKeys(DSLContext db) {
        return new ApiKeys(new PostgresApiKeyStore(db), Clock.systemUTC());
    }

    @Bean
    AccessRules accessRules(SecurityProperties properties) {
        return AccessRules.standard(properties.openMetrics());
    }

    /** No user names and passwords: keeps Boot from generating a default user and logging its password. */
    @Bean
    UserDetailsService noPasswordUsers() {
        return new InMemoryUserDetailsManager();
    }

    @Bean
    SecurityFilterChain kairosSecurity(
            HttpSecurity http,
            ApiKeys keys,
            AccessRules rules,
            SecurityProperties properties,
            ObjectProvider<JwtDecoder> identityProvider,
            Environment environment)
            throws Exception {
        JwtDecoder tokens = identityProvider.getIfAvailable();
        boolean open = tokens == null && openWithoutKeys(keys, environment.getProperty("server.address"));
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .cors(cors -> {})
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .frameOptions(frame -> frame.deny()))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(JsonErrors.unauthorized())
                        .accessDeniedHandler(JsonErrors.forbidden()))
                .addFilterBefore(
                        new ApiKeyAuthenticationFilter(keys, tokens != null), AnonymousAuthenticationFilter.class);
        if (tokens != null) {
            log.info(
                    "OAuth2 resource-server mode: bearer tokens of the identity provider are accepted beside API"
                            + " keys, with their roles in claim '{}'",
                    properties.oidc().rolesClaim());
            http.oauth2ResourceServer(server -> server.bearerTokenResolver(HttpSecurityConfiguration::jwtBearer)
                    .authenticationEntryPoint(JsonErrors.badToken())
                    .accessDeniedHandler(JsonErrors.forbidden())
                    .jwt(jwt -> jwt.decoder(tokens).jwtAuthenticationConverter(new JwtRoles(properties.oidc()))));
        }
        if (open) {
            http.addFilterAfter(new LoopbackOpenFilter(), ApiKeyAuthenticationFilter.class);
        }
        http.authorizeHttpRequests(requests -> {
            for (AccessRule rule : rules.rules()) {
                var matcher = rule.method() == null
                        ? requests.requestMatchers(rule.pattern())
                        : requests.requestMatchers(rule.method(), rule.pattern());
                switch (rule.access()) {
                    case OPEN -> matcher.permitAll();
                    case DENIED -> matcher.denyAll();
                    default ->
                        matcher.hasRole(rule.access().role().orElseThrow().name());
                }
            }
            requests.anyRequest().denyAll();
        });
        return http.build();
    }

    /** The JWT-shaped bearer token of a request, for the resource server; any other bearer value is an API key's. */
    private static String jwtBearer(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String bearer = authorization.substring(7).trim();
        return ApiKeyAuthenticationFilter.looksLikeJwt(bearer) ? bearer : null;
    }

    /** Browsers may call the collector and load the SDK from the configured origins only; nothing else cross-site. */
    @Bean
    CorsConfigurationSource corsConfigurationSource(SecurityProperties properties) {
        CorsConfiguration collector = new CorsConfiguration();
        collector.setAllowedOrigins(List.copyOf(properties.allowedOrigins()));
        collector.setAllowedMethods(List.of("POST", "OPTIONS"));
        collector.setAllowedHeaders(List.of("Content-Type", "Authorization", ApiKeyAuthenticationFilter.KEY_HEADER));
        collector.setMaxAge(3600L);
        CorsConfiguration sdk = new CorsConfiguration();
        sdk.setAllowedOrigins(List.copyOf(properties.allowedOrigins()));
        sdk.setAllowedMethods(List.of("GET"));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/v1/events", collector);
        source.registerCorsConfiguration("/sdk/**", sdk);
        return source;
    }

    /**
     * Whether the server runs without keys: only when none is active and it listens on a loopback address; without
     * keys on any other address it must not start.
     */
    static boolean openWithoutKeys(ApiKeys keys, String address) {
        boolean anyActive;
        try {
            anyActive = keys.anyActive();
        } catch (org.jooq.exception.DataAccessException | org.springframework.dao.DataAccessException e) {
            log.debug("Cannot read the API keys", e);
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new IllegalStateException("cannot read the API keys (table api_key, migration V15): "
                    + String.valueOf(root.getMessage()).replaceAll("\\s+", " ")
                    + ". Migrate the database with 'kairos up' or"
                    + " 'kairos keys list', which apply the migrations.");
        }
        if (anyActive) {
            return false;
        }
        if (isLoopback(address)) {
            log.warn(
                    "No API key created: the server is open to this machine only (it listens on {}). Create keys with"
                            + " 'kairos keys create --role read --name NAME' before serving on another address.",
                    address == null ? "the loopback address" : address);
            return true;
        }
        throw new NoKeysOnPublicAddress(address);
    }

    static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(address.trim()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** {@code serve} was asked to listen beyond this machine with no key to protect it. */
    public static final class NoKeysOnPublicAddress extends IllegalStateException {
        NoKeysOnPublicAddress(String address) {
            super("refusing to serve on " + (address == null || address.isBlank() ? "every address" : address)
                    + " without API keys: create one with 'kairos keys create --role read --name NAME' (and"
                    + " 'kairos keys create --role admin --name NAME' for changes), or listen on the loopback address"
                    + " only with --server.address=127.0.0.1 (see docs/security.md).");
        }
    }
}
