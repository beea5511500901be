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

/**
 * {@code GET /api/v1/info} (anonymous): version, whether a media server is connected, and the active
 * providers; with an administrator's credentials also each media server of the pool ({@code mediaServers}).
 */
@Path("v1/info")
@RequestScoped
public class InfoResource {

    @Inject
    InfoService infoService;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ParleyInfo info(@Context SecurityContext security) {
        return infoService.info(security != null && security.isUserInRole(AdminAuthenticationMechanism.ADMIN_ROLE));
    }
}
