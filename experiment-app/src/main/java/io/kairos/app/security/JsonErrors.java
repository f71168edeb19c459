package io.kairos.app.security;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/** The JSON bodies of refused requests: {@code {"status":401,"error":"...","message":"..."}}. */
final class JsonErrors {

    static final String NO_KEY = "this address needs an API key: send it as 'Authorization: Bearer <key>' or"
            + " 'X-Kairos-Key: <key>' (create one with 'kairos keys create --role read --name NAME')";
    static final String BAD_KEY = "the API key is unknown or revoked";
    static final String KEY_IN_ADDRESS = "only an ingest key may be sent in the address (?key=); send any other key"
            + " in the 'Authorization: Bearer <key>' header, and revoke this one: addresses end up in logs";
    static final String WRONG_ROLE = "the API key's role does not allow this request";

    private JsonErrors() {}

    static AuthenticationEntryPoint unauthorized() {
        return (request, response, exception) -> write(response, 401, NO_KEY);
    }

    /** A bearer token of the identity provider that did not verify: expired, wrong issuer or audience, bad signature. */
    static AuthenticationEntryPoint badToken() {
        return (request, response, exception) -> write(
                response,
                401,
                "the access token was refused: "
                        + String.valueOf(exception.getMessage())
                                .replaceAll("[\\p{Cntrl}\\\\]", " ")
                                .replaceAll("\\s+", " ")
                                .trim());
    }

    static AccessDeniedHandler forbidden() {
        return (request, response, exception) -> write(response, 403, WRONG_ROLE);
    }

    static void write(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"kairos\"");
        }
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter()
                .write("{\"status\":" + status + ",\"error\":\"" + (status == 401 ? "Unauthorized" : "Forbidden")
                        + "\",\"message\":\"" + message.replace("\"", "'") + "\"}");
    }
}
