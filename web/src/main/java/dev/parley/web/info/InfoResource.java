package dev.parley.web.info;

import dev.parley.info.InfoService;
import dev.parley.info.ParleyInfo;
import dev.parley.web.security.AdminAuthenticationMechanism;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/v1/info} (anonymous): version, whether a media server is connected, and the active
 * providers; with an administrator's credentials also each media server of the pool ({@code mediaServers}).
 */
@Path("v1/info")
@RequestScoped
@Tag(name = "info", description = "What this Parley is (anyone; administrators see more)")
public class InfoResource {

    @Inject
    InfoService infoService;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getInfo", summary = "What this Parley is: version, media server state, providers; more for administrators")
    @APIResponse(responseCode = "200", description = "the info",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ParleyInfo")))
    public ParleyInfo info(@Context SecurityContext security) {
        return infoService.info(security != null && security.isUserInRole(AdminAuthenticationMechanism.ADMIN_ROLE));
    }
}
