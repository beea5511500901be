package dev.parley.web;

import dev.parley.web.security.TokensResource;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * Parley's REST API, under {@code /parley/api}; resources are versioned in their paths ({@code v1/...}).
 * The OpenAPI definition names the API and its two security schemes, so that the document served
 * at {@code /openapi} can generate a client: admin routes need {@value #BASIC_SCHEME}, the token
 * route {@value #API_KEY_SCHEME}.
 */
@ApplicationPath("api")
@OpenAPIDefinition(
        info = @Info(title = "Parley API", version = "1",
                description = "Widget tokens, server info and the admin API of Parley, the voice agent for Jakarta EE. "
                        + "Errors are RFC 9457 problems whose type URIs are listed in docs/rest-api.md."),
        components = @Components(schemas = {
                // Answered through a Response (for its 201), so the scanner would not name it otherwise.
                @Schema(name = "TokenAnswer", implementation = TokensResource.TokenAnswer.class),
                // A named schema: written inline on the recording route, Payara 6 gave it another schema's properties.
                @Schema(name = "Recording", type = SchemaType.STRING, format = "binary", description = "a WebM (Opus) recording, or a byte range of it")
        }, securitySchemes = {
                @SecurityScheme(securitySchemeName = ParleyApplication.BASIC_SCHEME, type = SecuritySchemeType.HTTP, scheme = "basic",
                        description = "an admin user of parley.security.users"),
                @SecurityScheme(securitySchemeName = ParleyApplication.API_KEY_SCHEME, type = SecuritySchemeType.APIKEY,
                        in = SecuritySchemeIn.HEADER, apiKeyName = "X-Parley-Api-Key",
                        description = "one of parley.security.api-keys")
        }))
public class ParleyApplication extends Application {

    public static final String BASIC_SCHEME = "basic";
    public static final String API_KEY_SCHEME = "apiKey";
}
