package dev.parley.web.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import dev.parley.media.MediaServerAddress;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /api/v1/tokens}: a portal backend trades its API key for a short-lived widget token. */
@Path("v1/tokens")
@RequestScoped
@Tag(name = "tokens", description = "Widget tokens for portal backends")
public class TokensResource {

    public static final String API_KEY_HEADER = "X-Parley-Api-Key";

    @Inject
    WidgetTokenService tokens;

    /**
     * The token's text, when it expires, and how long a session opened with it may last.
     *
     * @param token              pass it to the widget
     * @param expiresAt          ISO-8601 instant
     * @param maxSessionSeconds  limit of a session opened with it
     * @param zone               the zone its sessions' media preferably goes to (absent when none was asked for)
     */
    public record TokenAnswer(String token, String id, Instant expiresAt, long maxSessionSeconds, String zone) {
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "issueToken", summary = "Issue a widget token", description = "Needs an API key in the " + API_KEY_HEADER + " header.")
    @APIResponse(responseCode = "201", description = "the token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "TokenAnswer")))
    @APIResponse(responseCode = "400", description = "zone is not a zone label")
    @APIResponse(responseCode = "401", description = "no or an unknown API key")
    @SecurityRequirement(name = dev.parley.web.ParleyApplication.API_KEY_SCHEME)
    public Response issue(@Parameter(description = "one of parley.security.api-keys") @HeaderParam(API_KEY_HEADER) String apiKey,
                          @Parameter(description = "optional: the zone label of the media servers this user's sessions should use"
                                  + " (see parley.media-server.urls); it wins over the widget's own zone attribute")
                          @QueryParam("zone") String zone) {
        if (!tokens.isApiKey(apiKey)) {
            throw new NotAuthorizedException(apiKey == null ? "the " + API_KEY_HEADER + " header is missing"
                    : "the API key is not one of parley.security.api-keys", "ApiKey");
        }
        String normalized;
        try {
            normalized = MediaServerAddress.normalizeZone(zone);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("zone: " + e.getMessage());
        }
        WidgetTokens.Issued issued = tokens.issue(normalized);
        return Response.status(Response.Status.CREATED).entity(new TokenAnswer(issued.text(), issued.token().id(),
                issued.token().expiresAt(), issued.token().maxSessionDuration().toSeconds(), issued.token().zone())).build();
    }
}
