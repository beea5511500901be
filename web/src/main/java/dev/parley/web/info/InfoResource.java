package dev.parley.web.info;

import dev.parley.info.InfoService;
import dev.parley.info.ParleyInfo;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/v1/info} (anonymous): version, whether the media server is connected, and the active providers. */
@Path("v1/info")
@RequestScoped
public class InfoResource {

    @Inject
    InfoService infoService;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ParleyInfo info() {
        return infoService.info();
    }
}
